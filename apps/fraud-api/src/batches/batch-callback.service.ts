import { createHmac } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@mosaic/platform-config';
import type { JobContext } from '@mosaic/platform-messaging';
import type { FraudConfig } from '../config/fraud.config';
import { BatchesRepository } from './batches.repository';
import { viewOf } from './batches.service';

export const SIGNATURE_HEADER = 'x-mosaic-signature';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the receiver recomputes it with the shared
 * secret and refuses a stale t, so a captured callback cannot be replayed later.
 */
export function signCallback(secret: string, body: string, timestamp: number): string {
  const digest = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${digest}`;
}

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
    const timestamp = Math.floor(Date.now() / 1000);
    let failure: string | null = null;
    try {
      const response = await fetch(batch.callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signCallback(this.config.FRAUD_CALLBACK_SECRET, body, timestamp) },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.FRAUD_CALLBACK_TIMEOUT_MS),
      });
      if (response.status < 200 || response.status >= 300) failure = `answered ${response.status}`;
    } catch (error) {
      failure = (error as Error).name === 'TimeoutError' ? 'timed out' : 'unreachable';
    }
    const final = job.attempt >= job.maxAttempts;
    await this.batches.callbackAttempted(batchId, failure === null ? 'delivered' : final ? 'failed' : 'pending');
    if (failure === null) return;
    this.logger.warn({ batchId, attempt: job.attempt, failure }, 'batch callback not delivered');
    throw new CallbackDeliveryError(`callback for batch ${batchId} ${failure}`);
  }
}
