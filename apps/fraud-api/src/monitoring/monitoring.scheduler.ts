import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '@mosaic/platform-config';
import { QueueProducer } from '@mosaic/platform-messaging';
import { describeError } from '@mosaic/platform-observability';
import type { FraudConfig } from '../config/fraud.config';

/** Registers the repeatable jobs from the worker at boot (an upsert: every worker may do it, one schedule results). */
@Injectable()
export class MonitoringScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(MonitoringScheduler.name);

  constructor(
    private readonly queues: QueueProducer,
    @Inject(APP_CONFIG) private readonly config: FraudConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.queues.schedule('fraud-monitoring', 'recalibrate-thresholds', {}, { everyMs: this.config.FRAUD_RECALIBRATION_EVERY_MS });
      await this.queues.schedule('fraud-monitoring', 'compute-daily-metrics', {}, { cron: this.config.FRAUD_METRICS_CRON });
    } catch (error) {
      // Redis may be down at boot; the worker itself then waits for it, and the next boot schedules.
      this.logger.error({ error: describeError(error) }, 'could not schedule the recalibration and metrics jobs');
    }
  }
}
