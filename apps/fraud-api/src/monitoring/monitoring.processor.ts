import { Injectable } from '@nestjs/common';
import type { JobHandlers, QueueProcessor } from '@mosaic/platform-messaging';
import { ThresholdRecalibrationService } from '../thresholds/threshold-recalibration.service';
import { DailyMetricsService } from './daily-metrics.service';

@Injectable()
export class MonitoringProcessor implements QueueProcessor<'fraud-monitoring'> {
  readonly queue = 'fraud-monitoring' as const;
  /** One at a time: two recalibrations of one segment at once would only race for the same version. */
  readonly concurrency = 1;
  readonly handlers: JobHandlers<'fraud-monitoring'>;

  constructor(recalibration: ThresholdRecalibrationService, daily: DailyMetricsService) {
    this.handlers = {
      'recalibrate-thresholds': ({ tenantId }) => recalibration.recalibrate(tenantId),
      'compute-daily-metrics': ({ until }) => daily.compute(until),
    };
  }
}
