import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@mosaic/platform-config';
import { RequestValidationException } from '@mosaic/platform-http';
import { AssetsRepository } from '../assets/assets.repository';
import type { TelemetryConfig } from '../config/telemetry.config';
import type { CreateMaintenanceLog, MaintenanceLogView } from './dto/maintenance-log.dto';
import { MaintenanceLogsRepository } from './maintenance-logs.repository';

const DAY_MS = 24 * 3600 * 1000;

@Injectable()
export class MaintenanceLogsService {
  constructor(
    private readonly logs: MaintenanceLogsRepository,
    private readonly assets: AssetsRepository,
    @Inject(APP_CONFIG) private readonly config: TelemetryConfig,
  ) {}

  async create(tenantId: string, input: CreateMaintenanceLog): Promise<MaintenanceLogView> {
    const asset = await this.assets.find(tenantId, input.assetId);
    if (!asset) {
      throw new RequestValidationException(`unknown asset ${input.assetId}`, [{ path: 'assetId', message: 'no such asset; register it with POST /v1/assets' }], HttpStatus.UNPROCESSABLE_ENTITY);
    }
    const log = await this.logs.create({ tenantId, assetRowId: asset.id, at: new Date(input.at), text: input.text });
    return { logId: log.id, assetId: asset.assetId, at: log.at.toISOString(), createdAt: log.createdAt.toISOString() };
  }

  /**
   * The text fused with a batch: the asset's newest entry written by the batch's end and within the
   * configured age. Keyed on the batch's own time, so a retried or late batch fuses the same text.
   */
  latestFor(assetRowId: string, batchEnd: Date): Promise<string | undefined> {
    const since = new Date(batchEnd.getTime() - this.config.MAINTENANCE_LOG_MAX_AGE_DAYS * DAY_MS);
    return this.logs.latestText(assetRowId, since, batchEnd);
  }
}
