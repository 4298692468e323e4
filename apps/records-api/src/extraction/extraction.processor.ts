import { Injectable } from '@nestjs/common';
import type { JobHandlers, QueueProcessor } from '@mosaic/platform-messaging';
import { DocumentExtractionService } from './document-extraction.service';

@Injectable()
export class ExtractionProcessor implements QueueProcessor<'records-extraction'> {
  readonly queue = 'records-extraction' as const;
  readonly handlers: JobHandlers<'records-extraction'>;

  constructor(documents: DocumentExtractionService) {
    this.handlers = { 'extract-document': ({ documentId }, job) => documents.process(documentId, job) };
  }
}
