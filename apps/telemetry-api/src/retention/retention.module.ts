import { Module } from '@nestjs/common';
import { RawSignalRetentionProcessor } from './raw-signal-retention.processor';
import { RawSignalRetentionRepository } from './raw-signal-retention.repository';
import { RawSignalRetentionService } from './raw-signal-retention.service';

/** Worker only: it schedules the sweep when the worker starts. */
@Module({
  providers: [RawSignalRetentionRepository, RawSignalRetentionService, RawSignalRetentionProcessor],
  exports: [RawSignalRetentionProcessor, RawSignalRetentionService],
})
export class RetentionModule {}
