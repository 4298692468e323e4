import { Injectable } from '@nestjs/common';
import type { JobHandlers, QueueProcessor } from '@mosaic/platform-messaging';
import { RawSignalRetentionService } from './raw-signal-retention.service';

@Injectable()
export class RawSignalRetentionProcessor implements QueueProcessor<'telemetry-retention'> {
  readonly queue = 'telemetry-retention' as const;
  readonly handlers: JobHandlers<'telemetry-retention'>;

  constructor(retention: RawSignalRetentionService) {
    this.handlers = { 'purge-raw-signals': () => retention.purge() };
  }
}
