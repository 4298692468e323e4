import { HttpStatus, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { APP_CONFIG } from '@mosaic/platform-config';
import type { TelemetryBatch } from '@mosaic/platform-database';
import { RequestValidationException, zodIssuesToDetails, type ErrorDetail } from '@mosaic/platform-http';
import { QueueProducer, QueueUnavailableError, RedisService } from '@mosaic/platform-messaging';
import { MODEL_SAMPLE_RATE_HZ, WINDOW_SAMPLES, countWindows, minimumSamples } from '@mosaic/telemetry';
import type { z } from 'zod';
import { AssetsRepository } from '../assets/assets.repository';
import type { TelemetryConfig } from '../config/telemetry.config';
import { BatchesRepository } from './batches.repository';
import {
  ingestBinaryQuerySchema,
  ingestJsonSchema,
  type BatchView,
  type IngestBinaryQuery,
  type IngestJson,
} from './dto/ingest-telemetry.dto';
import { decodeFloat32, firstNonFinite, toChunks } from './signal.codec';

interface BatchMetadata {
  assetId: string;
  startedAt: string;
  sampleRateHz: number;
  rpm?: number;
}

export interface IngestAccepted {
  batchId: string;
  status: BatchView['status'];
  windows: number;
}

/** Bad indices listed per channel before the list stops: enough to find the fault, not a megabyte of errors. */
const MAX_REPORTED_SAMPLES = 5;

const unprocessable = (message: string, details: ErrorDetail[]) => new RequestValidationException(message, details, HttpStatus.UNPROCESSABLE_ENTITY);

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string, pathPrefix = ''): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const details = zodIssuesToDetails(result.error).map((d) => ({ ...d, path: d.path ? pathPrefix + d.path : pathPrefix.replace(/\.$/, '') || d.path }));
    throw new RequestValidationException(`invalid ${what}: ${details.length} problem${details.length === 1 ? '' : 's'}`, details);
  }
  return result.data;
}

/** JSON numbers to float32, listing the first samples that are not finite numbers (or overflow float32). */
function jsonChannel(name: string, values: unknown[], details: ErrorDetail[]): Float32Array {
  const out = new Float32Array(values.length);
  let reported = 0;
  for (let i = 0; i < values.length && reported < MAX_REPORTED_SAMPLES; i++) {
    const value = values[i];
    const sample = typeof value === 'number' ? Math.fround(value) : NaN;
    if (sample - sample !== 0) {
      details.push({ path: `channels.${name}.${i}`, message: typeof value === 'number' ? 'outside the float32 range' : 'must be a finite number' });
      reported++;
    }
    out[i] = sample;
  }
  return out;
}

@Injectable()
export class IngestionService {
  private readonly logger = new Logger(IngestionService.name);

  constructor(
    private readonly batches: BatchesRepository,
    private readonly assets: AssetsRepository,
    private readonly queues: QueueProducer,
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) private readonly config: TelemetryConfig,
  ) {}

  async ingestJson(tenantId: string, body: unknown): Promise<IngestAccepted> {
    const input: IngestJson = parse(ingestJsonSchema, body, 'request body');
    const details: ErrorDetail[] = [];
    const channels = new Map(Object.entries(input.channels).map(([name, values]) => [name, jsonChannel(name, values, details)]));
    if (details.length) throw unprocessable('samples must be finite numbers', details);
    return this.ingest(tenantId, input, channels, 'json');
  }

  async ingestBinary(tenantId: string, query: unknown, body: Buffer): Promise<IngestAccepted> {
    const input: IngestBinaryQuery = parse(ingestBinaryQuerySchema, query, 'query parameters', 'query.');
    if (body.byteLength % 4 !== 0) {
      throw new RequestValidationException('a float32 body must be a whole number of 4-byte samples', [
        { path: 'body', message: `${body.byteLength} bytes is not a multiple of 4` },
      ]);
    }
    const layout: [string, number][] = input.channels
      ? input.channels.split(',').map((part) => {
          const [name = '', count = '0'] = part.split(':');
          return [name, Number(count)];
        })
      : [['vibration', body.byteLength / 4]];
    const names = layout.map(([name]) => name);
    const declared = layout.reduce((sum, [, count]) => sum + count, 0);
    const problems: ErrorDetail[] = [];
    if (new Set(names).size !== names.length) problems.push({ path: 'query.channels', message: 'a channel is named twice' });
    if (!names.includes('vibration')) problems.push({ path: 'query.channels', message: 'vibration is required' });
    if (declared * 4 !== body.byteLength) problems.push({ path: 'body', message: `query.channels declares ${declared} samples (${declared * 4} bytes), the body holds ${body.byteLength} bytes` });
    if (problems.length) throw new RequestValidationException('the float32 body does not match its channel layout', problems);

    const channels = new Map<string, Float32Array>();
    const details: ErrorDetail[] = [];
    let offset = 0;
    for (const [name, count] of layout) {
      const samples = decodeFloat32(body, offset, count);
      offset += count * 4;
      const bad = firstNonFinite(samples);
      if (bad >= 0) details.push({ path: `channels.${name}.${bad}`, message: 'NaN or infinite sample' });
      channels.set(name, samples);
    }
    if (details.length) throw unprocessable('samples must be finite numbers', details);
    return this.ingest(tenantId, input, channels, 'float32');
  }

  private async ingest(tenantId: string, meta: BatchMetadata, channels: Map<string, Float32Array>, format: 'json' | 'float32'): Promise<IngestAccepted> {
    const vibration = channels.get('vibration') as Float32Array;
    const empty = [...channels].filter(([, samples]) => samples.length === 0).map(([name]) => ({ path: `channels.${name}`, message: 'must not be empty' }));
    if (empty.length) throw unprocessable('every channel needs at least one sample', empty);

    const startedAt = new Date(meta.startedAt);
    const skewMs = this.config.CLOCK_SKEW_SECONDS * 1000;
    if (startedAt.getTime() > Date.now() + skewMs) {
      throw unprocessable('startedAt lies in the future', [{ path: 'startedAt', message: `more than ${this.config.CLOCK_SKEW_SECONDS} s ahead of the server clock` }]);
    }
    const minimum = minimumSamples(meta.sampleRateHz);
    if (vibration.length < minimum) {
      throw unprocessable(`the signal is shorter than one model window: send at least ${minimum} vibration samples at ${meta.sampleRateHz} Hz`, [
        { path: 'channels.vibration', message: `${vibration.length} samples; the minimum at ${meta.sampleRateHz} Hz is ${minimum} (one window of ${WINDOW_SAMPLES} samples at ${MODEL_SAMPLE_RATE_HZ} Hz)` },
      ]);
    }
    const asset = await this.assets.find(tenantId, meta.assetId);
    if (!asset) throw unprocessable(`unknown asset ${meta.assetId}`, [{ path: 'assetId', message: 'no such asset; register it with POST /v1/assets' }]);
    // Fail before writing anything: a batch we cannot queue is answered 503 so the gateway retries it.
    if (!this.redis.isReady) throw new QueueUnavailableError('cannot queue the batch: Redis is unreachable');

    const windows = countWindows(vibration.length, meta.sampleRateHz, this.config.WINDOW_HOP_SAMPLES);
    const endedAt = new Date(startedAt.getTime() + Math.floor((vibration.length * 1000) / meta.sampleRateHz));
    const chunks = Object.fromEntries([...channels].map(([name, samples]) => [name, toChunks(samples, this.config.SIGNAL_CHUNK_SAMPLES)]));
    const outcome = await this.batches.create(
      {
        tenantId,
        assetRowId: asset.id,
        startedAt,
        endedAt,
        sampleRateHz: meta.sampleRateHz,
        rpm: meta.rpm,
        samples: vibration.length,
        channels: Object.fromEntries([...channels].map(([name, samples]) => [name, samples.length])),
        format,
        windows,
      },
      chunks,
    );
    if (outcome.kind === 'out-of-order') {
      throw unprocessable('timestamps out of order: the batch starts before the end of the asset\'s latest batch', [
        { path: 'startedAt', message: `must be at or after ${outcome.latestEnd.toISOString()}` },
      ]);
    }
    if (outcome.kind === 'repeated') return this.accepted(outcome.batch);
    try {
      await this.queues.enqueue('telemetry-batches', 'predict-batch', { batchId: outcome.batch.id, tenantId }, { jobId: outcome.batch.id });
    } catch (error) {
      await this.batches.delete(outcome.batch.id);
      throw error;
    }
    this.logger.log({ batchId: outcome.batch.id, samples: vibration.length, sampleRateHz: meta.sampleRateHz, windows, format }, 'batch queued');
    return this.accepted(outcome.batch);
  }

  private accepted(batch: TelemetryBatch): IngestAccepted {
    return { batchId: batch.id, status: batch.status as BatchView['status'], windows: batch.windows };
  }

  async get(tenantId: string, batchId: string): Promise<BatchView> {
    const batch = /^[0-9a-f-]{36}$/i.test(batchId) ? await this.batches.findForTenant(batchId, tenantId) : null;
    if (!batch) throw new NotFoundException(`no batch ${batchId}`);
    return {
      batchId: batch.id,
      assetId: batch.asset.assetId,
      status: batch.status as BatchView['status'],
      startedAt: batch.startedAt.toISOString(),
      sampleRateHz: batch.sampleRateHz,
      samples: batch.samples,
      channels: batch.channels as Record<string, number>,
      windows: batch.windows,
      modelVersion: batch.modelVersion,
      rawSignalDeleted: batch.rawDeletedAt !== null,
      createdAt: batch.createdAt.toISOString(),
      completedAt: batch.completedAt?.toISOString() ?? null,
    };
  }
}
