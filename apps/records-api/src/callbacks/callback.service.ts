import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@mosaic/platform-config';
import { WebhookRefusedError, sendWebhook } from '@mosaic/platform-http';
import type { JobContext } from '@mosaic/platform-messaging';
import { describeError } from '@mosaic/platform-observability';
import type { RecordsConfig } from '../config/records.config';
import { DocumentsRepository } from '../documents/documents.repository';
import { callbackUrlProblem } from './callback-policy';

export class CallbackFailedError extends Error {
  override name = 'CallbackFailedError';
}

/**
 * Tells the client's system that a document is done. The body says which document and how it
 * ended, never what it holds: the client reads the extraction with GET, which is audited.
 */
@Injectable()
export class CallbackService {
  private readonly logger = new Logger(CallbackService.name);

  constructor(
    private readonly documents: DocumentsRepository,
    @Inject(APP_CONFIG) private readonly config: RecordsConfig,
  ) {}

  async deliver(documentId: string, job: Pick<JobContext, 'id' | 'attempt' | 'maxAttempts'>): Promise<void> {
    const document = await this.documents.findById(documentId);
    if (!document?.callbackUrl || document.callbackStatus === 'delivered' || document.callbackStatus === 'failed') return;
    const last = job.attempt >= job.maxAttempts;
    // The allow-list is checked again: it may have shrunk since the upload.
    const problem = callbackUrlProblem(document.callbackUrl, this.config.RECORDS_CALLBACK_HOSTS);
    if (problem) {
      await this.documents.recordCallbackAttempt(documentId, 'failed');
      this.logger.warn({ documentId }, 'callback refused: its host is no longer allowed');
      return;
    }
    const body = JSON.stringify({
      event: `document.${document.status}`,
      documentId,
      status: document.status,
      completedAt: document.completedAt?.toISOString() ?? null,
    });
    try {
      const status = await sendWebhook({
        url: document.callbackUrl,
        body,
        secret: this.config.RECORDS_CALLBACK_SECRET,
        allowInternal: this.config.RECORDS_CALLBACK_ALLOW_PRIVATE,
        timeoutMs: this.config.RECORDS_CALLBACK_TIMEOUT_MS,
        headers: { 'x-mosaic-delivery': `${job.id}:${job.attempt}` },
      });
      if (status < 200 || status >= 300) throw new CallbackFailedError(`the callback answered ${status}`);
      await this.documents.recordCallbackAttempt(documentId, 'delivered');
      this.logger.log({ documentId, attempt: job.attempt }, 'callback delivered');
    } catch (error) {
      const refused = error instanceof WebhookRefusedError;
      await this.documents.recordCallbackAttempt(documentId, refused || last ? 'failed' : 'pending');
      this.logger.warn({ documentId, attempt: job.attempt, error: describeError(error) }, refused ? 'callback refused' : 'callback failed');
      if (!refused && !last) throw error;
    }
  }
}
