import { Injectable } from '@nestjs/common';
import type { JobHandlers, QueueProcessor } from '@mosaic/platform-messaging';
import { BatchPredictionService } from './batch-prediction.service';

@Injectable()
export class BatchPredictionProcessor implements QueueProcessor<'telemetry-batches'> {
  readonly queue = 'telemetry-batches' as const;
  readonly handlers: JobHandlers<'telemetry-batches'>;

  constructor(private readonly predictions: BatchPredictionService) {
    this.handlers = {
      'predict-batch': async ({ batchId }, job) => {
        try {
          await this.predictions.process(batchId);
        } catch (error) {
          if (job.attempt >= job.maxAttempts) await this.predictions.markFailed(batchId);
          throw error;
        }
      },
    };
  }
}
