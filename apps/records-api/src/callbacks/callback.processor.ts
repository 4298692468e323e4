import { Injectable } from '@nestjs/common';
import type { JobHandlers, QueueProcessor } from '@mosaic/platform-messaging';
import { CallbackService } from './callback.service';

@Injectable()
export class CallbackProcessor implements QueueProcessor<'records-callbacks'> {
  readonly queue = 'records-callbacks' as const;
  readonly handlers: JobHandlers<'records-callbacks'>;

  constructor(callbacks: CallbackService) {
    this.handlers = { 'deliver-callback': ({ documentId }, job) => callbacks.deliver(documentId, job) };
  }
}
