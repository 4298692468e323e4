import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG } from '@mosaic/platform-config';
import type { RecordsConfig } from './config/records.config';
import { DocumentsController } from './documents/documents.controller';
import { DocumentsService } from './documents/documents.service';
import { ExtractController } from './extraction/extract.controller';
import { FhirController } from './fhir/fhir.controller';
import { FhirService } from './fhir/fhir.service';
import { PdfTextReader } from './pdf/pdf-text.reader';
import { RecordsCoreModule } from './records-core.module';
import { ReviewController } from './review/review.controller';
import { ReviewRepository } from './review/review.repository';
import { ReviewService } from './review/review.service';

/** The HTTP side: upload, read, extract, review and FHIR. */
@Module({
  imports: [
    RecordsCoreModule,
    // Files stay in memory (never on disk) and are bounded by the upload limit: over it is 413.
    MulterModule.registerAsync({
      useFactory: (config: RecordsConfig) => ({ limits: { fileSize: config.RECORDS_UPLOAD_LIMIT_BYTES, files: 1, fields: 10, fieldSize: 4096, parts: 12 } }),
      inject: [APP_CONFIG],
    }),
  ],
  controllers: [DocumentsController, ExtractController, ReviewController, FhirController],
  providers: [DocumentsService, PdfTextReader, ReviewRepository, ReviewService, FhirService],
})
export class RecordsApiModule {}
