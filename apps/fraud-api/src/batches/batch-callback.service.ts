import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@mosaic/platform-config';
import { WEBHOOK_SIGNATURE_HEADER, sendWebhook } from '@mosaic/platform-http';
import type { JobContext } from '@mosaic/platform-messaging';
import type { FraudConfig } from '../config/fraud.config';
import { BatchesRepository } from './batches.repository';
import { viewOf } from './batches.service';

export const SIGNATURE_HEADER = WEBHOOK_SIGNATURE_HEADER;

export class CallbackDeliveryError extends Error {
  override name = 'CallbackDeliveryError';
}

/** Tells the caller a batch is done: its status and counts (results are read with GET /v1/batches/:id). */
@Injectable()
export class BatchCallbackService {
  private readonly logger = new Logger(BatchCallbackService.name);

  constructor(
    private readonly batches: BatchesRepository,
    @Inject(APP_CONFIG) private readonly config: FraudConfig,
  ) {}

  /** One delivery attempt; throwing makes the queue retry with backoff until the attempts run out. */
  async deliver(batchId: string, job: Pick<JobContext, 'attempt' | 'maxAttempts'>): Promise<void> {
    const batch = await this.batches.findById(batchId);
    if (!batch?.callbackUrl || batch.callbackStatus === 'delivered') return;
    const { results: _results, ...summary } = viewOf(batch);
    const body = JSON.stringify({ event: 'batch.completed', ...summary });
    let failure: string | null = null;
    try {
      // The bank's own systems receive batch callbacks, often on internal addresses.
      const status = await sendWebhook({
        url: batch.callbackUrl,
        body,
        secret: this.config.FRAUD_CALLBACK_SECRET,
        timeoutMs: this.config.FRAUD_CALLBACK_TIMEOUT_MS,
        allowInternal: true,
      });
      if (status < 200 || status >= 300) failure = `answered ${status}`;
    } catch (error) {
      failure = /no answer within/.test((error as Error).message) ? 'timed out' : 'unreachable';
    }
    const final = job.attempt >= job.maxAttempts;
    await this.batches.callbackAttempted(batchId, failure === null ? 'delivered' : final ? 'failed' : 'pending');
    if (failure === null) return;
    this.logger.warn({ batchId, attempt: job.attempt, failure }, 'batch callback not delivered');
    throw new CallbackDeliveryError(`callback for batch ${batchId} ${failure}`);
  }
}
