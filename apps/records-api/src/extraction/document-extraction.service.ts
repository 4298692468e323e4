import { Injectable, Logger } from '@nestjs/common';
import { QueueProducer, type JobContext } from '@mosaic/platform-messaging';
import { describeError } from '@mosaic/platform-observability';
import { DocumentsRepository, sealContext, type DocumentToProcess } from '../documents/documents.repository';
import { RecordCipher } from '../encryption/record-cipher';
import { ExtractionService } from './extraction.service';

/** Who the audit log names for the worker's reads of a document. */
const WORKER_ACTOR = 'system:records-worker';

export const SCANNED_PDF_REASON = 'the PDF has no text layer (a scanned image?); OCR is not available, so upload the document as text';

/**
 * The worker's use case: a queued document -> its extraction, stored once. A document whose text
 * cannot yield a valid extraction is stored as failed with the reason; a failure of the machinery
 * (database, model) is thrown for the queue to retry, and on the last attempt the document is
 * failed rather than left processing.
 */
@Injectable()
export class DocumentExtractionService {
  private readonly logger = new Logger(DocumentExtractionService.name);

  constructor(
    private readonly documents: DocumentsRepository,
    private readonly cipher: RecordCipher,
    private readonly extraction: ExtractionService,
    private readonly queues: QueueProducer,
  ) {}

  async process(documentId: string, job: Pick<JobContext, 'attempt' | 'maxAttempts'>): Promise<void> {
    // The claim writes the audit event of the read below.
    const document = await this.documents.claim(documentId, WORKER_ACTOR);
    if (!document) return;
    if (!document.claimed || !document.textCipher) {
      // Completed by an earlier attempt that died before queueing its callback.
      if (document.callbackStatus === 'pending') await this.queueCallback(documentId, document.tenantId);
      return;
    }
    try {
      const text = this.cipher.openText(document.textCipher, sealContext.text(documentId));
      if (document.source === 'pdf' && text.trim().length === 0) {
        await this.fail(document, SCANNED_PDF_REASON);
        return;
      }
      const outcome = await this.extraction.extract(text);
      if (!outcome.ok) {
        this.logger.warn({ documentId }, 'extraction failed validation; stored as failed');
        await this.fail(document, outcome.reason);
        return;
      }
      await this.documents.complete(documentId, {
        tenantId: document.tenantId,
        modelVersion: outcome.extraction.modelVersion,
        keyId: this.cipher.activeKeyId,
        payloadCipher: this.cipher.sealJson(outcome.extraction, sealContext.extraction(documentId)),
      });
      this.logger.log({ documentId, diagnoses: outcome.extraction.diagnoses.length, medications: outcome.extraction.medications.length }, 'document extracted');
      if (document.callbackUrl) await this.queueCallback(documentId, document.tenantId);
    } catch (error) {
      if (job.attempt < job.maxAttempts) throw error;
      this.logger.error({ documentId, error: describeError(error) }, 'extraction failed on its last attempt; document marked failed');
      await this.fail(document, 'the extraction could not be completed after repeated attempts; upload the document again');
    }
  }

  private async fail(document: DocumentToProcess, reason: string): Promise<void> {
    await this.documents.fail(document.id, reason);
    if (document.callbackUrl) await this.queueCallback(document.id, document.tenantId);
  }

  private async queueCallback(documentId: string, tenantId: string): Promise<void> {
    await this.queues.enqueue('records-callbacks', 'deliver-callback', { documentId, tenantId }, { jobId: `callback-${documentId}` });
  }
}
