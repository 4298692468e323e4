import { Injectable } from '@nestjs/common';
import { RequestValidationException } from '@mosaic/platform-http';
import type { TelemetryPrediction } from '@mosaic/platform-database';
import { AssetsService } from '../assets/assets.service';
import type { PredictionsPage, PredictionsQuery } from './dto/predict.dto';
import { PredictionsRepository } from './predictions.repository';

function encodeCursor(row: TelemetryPrediction): string {
  return Buffer.from(`${row.windowStart.toISOString()}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { windowStart: Date; id: bigint } {
  const [at = '', id = ''] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const windowStart = new Date(at);
  if (Number.isNaN(windowStart.getTime()) || !/^\d{1,19}$/.test(id)) {
    throw new RequestValidationException('invalid cursor', [{ path: 'cursor', message: 'pass back the nextCursor of the previous page unchanged' }]);
  }
  return { windowStart, id: BigInt(id) };
}

@Injectable()
export class PredictionsService {
  constructor(
    private readonly predictions: PredictionsRepository,
    private readonly assets: AssetsService,
  ) {}

  /** Stored window predictions of an asset in time order, from <= windowStart < to, a page at a time. */
  async list(tenantId: string, assetId: string, query: PredictionsQuery): Promise<PredictionsPage> {
    const asset = await this.assets.require(tenantId, assetId);
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && from > to) throw new RequestValidationException('from is after to', [{ path: 'from', message: 'must not be after to' }]);
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await this.predictions.page(asset.id, { from, to }, query.limit + 1, after);
    const page = rows.slice(0, query.limit);
    return {
      assetId: asset.assetId,
      items: page.map((row) => ({
        batchId: row.batchId,
        windowIndex: row.windowIndex,
        windowStart: row.windowStart.toISOString(),
        label: row.label,
        probabilities: Object.fromEntries(row.labels.map((label, i) => [label, row.probabilities[i] ?? 0])),
        failureRisk: row.failureRisk,
        smoothedRisk: row.smoothedRisk,
        experts: row.experts.map((expert, k) => ({ expert, weight: row.expertWeights[k] ?? 0 })),
        modelVersion: row.modelVersion,
      })),
      nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1] as TelemetryPrediction) : null,
    };
  }
}
