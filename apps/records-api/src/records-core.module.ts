import { Module } from '@nestjs/common';
import { AuditRepository } from './audit/audit.repository';
import { DocumentsRepository } from './documents/documents.repository';
import { RecordCipher } from './encryption/record-cipher';
import { ExtractionService } from './extraction/extraction.service';
import { RecordsModel } from './extraction/records-model.service';

/** What the API and the worker share: the sealed store, the audit log and the model. */
@Module({
  providers: [RecordCipher, DocumentsRepository, AuditRepository, RecordsModel, ExtractionService],
  exports: [RecordCipher, DocumentsRepository, AuditRepository, RecordsModel, ExtractionService],
})
export class RecordsCoreModule {}
