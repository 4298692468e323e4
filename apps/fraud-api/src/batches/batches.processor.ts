import { Injectable } from '@nestjs/common';
import type { JobHandlers, QueueProcessor } from '@mosaic/platform-messaging';
import { BatchCallbackService } from './batch-callback.service';
import { BatchScoringService } from './batch-scoring.service';

@Injectable()
export class BatchesProcessor implements QueueProcessor<'fraud-batches'> {
  readonly queue = 'fraud-batches' as const;
  /** A batch is already scored many at once inside; two batches at a time keep the cores for the API. */
  readonly concurrency = 2;
  readonly handlers: JobHandlers<'fraud-batches'>;

  constructor(scoring: BatchScoringService, callbacks: BatchCallbackService) {
    this.handlers = {
      'score-batch': ({ batchId, tenantId }, job) => scoring.process(batchId, tenantId, (progress) => job.updateProgress(progress)),
      'deliver-callback': ({ batchId }, job) => callbacks.deliver(batchId, job),
    };
  }
}
