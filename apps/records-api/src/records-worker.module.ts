import { Module } from '@nestjs/common';
import { CallbackProcessor } from './callbacks/callback.processor';
import { CallbackService } from './callbacks/callback.service';
import { DocumentExtractionService } from './extraction/document-extraction.service';
import { ExtractionProcessor } from './extraction/extraction.processor';
import { RecordsCoreModule } from './records-core.module';

/** The worker side: extraction jobs and callback deliveries. */
@Module({
  imports: [RecordsCoreModule],
  providers: [DocumentExtractionService, ExtractionProcessor, CallbackService, CallbackProcessor],
  exports: [ExtractionProcessor, CallbackProcessor],
})
export class RecordsWorkerModule {}
