import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '@mosaic/platform-config';
import { QueueProducer } from '@mosaic/platform-messaging';
import { describeError } from '@mosaic/platform-observability';
import type { TelemetryConfig } from '../config/telemetry.config';
import { RawSignalRetentionRepository } from './raw-signal-retention.repository';

/** Raw signal is the bulk of the data and only needed until its batch is predicted; it is kept for a configured age. */
@Injectable()
export class RawSignalRetentionService implements OnApplicationBootstrap {
  private readonly logger = new Logger(RawSignalRetentionService.name);

  constructor(
    private readonly retention: RawSignalRetentionRepository,
    private readonly queues: QueueProducer,
    @Inject(APP_CONFIG) private readonly config: TelemetryConfig,
  ) {}

  /** Every worker registers the same scheduler (one id), so the sweep runs once per period however many workers run. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.queues.schedule('telemetry-retention', 'purge-raw-signals', {}, { everyMs: this.config.RETENTION_SWEEP_MS });
    } catch (error) {
      this.logger.warn({ error: describeError(error) }, 'could not schedule the raw-signal retention sweep; the next worker start retries');
    }
  }

  async purge(now = new Date()): Promise<{ batches: number; chunks: number }> {
    const cutoff = new Date(now.getTime() - this.config.RAW_SIGNAL_RETENTION_SECONDS * 1000);
    const purged = await this.retention.purgeBefore(cutoff);
    if (purged.batches > 0) this.logger.log({ ...purged, cutoff: cutoff.toISOString() }, 'raw signals purged');
    return purged;
  }
}
