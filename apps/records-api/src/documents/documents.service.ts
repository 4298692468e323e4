import { randomUUID } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '@mosaic/platform-auth';
import { APP_CONFIG } from '@mosaic/platform-config';
import { RequestValidationException } from '@mosaic/platform-http';
import { QueueProducer } from '@mosaic/platform-messaging';
import { AuditRepository, type AuditAction } from '../audit/audit.repository';
import { callbackUrlProblem } from '../callbacks/callback-policy';
import type { RecordsConfig } from '../config/records.config';
import { RecordCipher } from '../encryption/record-cipher';
import type { ExtractionView } from '../extraction/dto/extraction.dto';
import { PdfTextReader, PdfUnreadableError } from '../pdf/pdf-text.reader';
import { acceptedMediaType, checkText, decodeTextFile, IntakeError, isPdf } from './document-intake';
import { DocumentsRepository, sealContext, type DocumentStatus, type DocumentWithResults, type NewDocument } from './documents.repository';
import type { DocumentAccepted, DocumentView, UploadDocument, UploadFields } from './dto/document.dto';

export interface UploadedFile {
  buffer: Buffer;
  mimetype: string;
  size: number;
}

/** A document as its tenant may read it, decrypted. */
export interface ReadDocument {
  row: DocumentWithResults;
  extraction?: ExtractionView;
  review?: { reviewer: string; reviewedAt: Date; extraction: ExtractionView };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The upload side: refuse what cannot be read, seal and store the rest, queue it, answer at once. */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly documents: DocumentsRepository,
    private readonly cipher: RecordCipher,
    private readonly audit: AuditRepository,
    private readonly queues: QueueProducer,
    private readonly pdf: PdfTextReader,
    @Inject(APP_CONFIG) private readonly config: RecordsConfig,
  ) {}

  uploadText(principal: Principal, body: UploadDocument, requestId?: string): Promise<DocumentAccepted> {
    const text = this.intake('text', () => checkText(body.text, this.config.RECORDS_MAX_DOCUMENT_CHARS));
    return this.store(principal, { source: 'json', mediaType: 'application/json', bytes: Buffer.byteLength(body.text), text }, body, requestId);
  }

  async uploadFile(principal: Principal, file: UploadedFile, fields: UploadFields, requestId?: string): Promise<DocumentAccepted> {
    const mediaType = this.intake('file', () => acceptedMediaType(file.mimetype.split(';')[0]?.trim().toLowerCase() ?? ''));
    let text: string;
    if (mediaType === 'application/pdf') {
      if (!isPdf(file.buffer)) throw new RequestValidationException('the file is not a PDF', [{ path: 'file', message: 'no %PDF- header' }], 422);
      try {
        // An empty text layer (a scanned PDF) is stored all the same; the worker reports it failed.
        text = (await this.pdf.read(file.buffer)).text;
      } catch (error) {
        if (error instanceof PdfUnreadableError) throw new RequestValidationException(error.message, [{ path: 'file', message: error.reason }], 422);
        throw error;
      }
      text = this.intake('file', () => checkText(text, this.config.RECORDS_MAX_DOCUMENT_CHARS, true));
    } else {
      text = this.intake('file', () => checkText(decodeTextFile(file.buffer, fields.charset?.toLowerCase()), this.config.RECORDS_MAX_DOCUMENT_CHARS));
    }
    return this.store(principal, { source: mediaType === 'application/pdf' ? 'pdf' : 'text', mediaType, bytes: file.size, text }, fields, requestId);
  }

  private intake<T>(path: string, step: () => T): T {
    try {
      return step();
    } catch (error) {
      if (error instanceof IntakeError) throw new RequestValidationException(error.message, [{ path, message: error.message }], error.problem.status);
      throw error;
    }
  }

  private async store(
    principal: Principal,
    upload: Pick<NewDocument, 'source' | 'mediaType' | 'bytes'> & { text: string },
    options: { externalId?: string; callbackUrl?: string },
    requestId?: string,
  ): Promise<DocumentAccepted> {
    if (options.callbackUrl) {
      const problem = callbackUrlProblem(options.callbackUrl, this.config.RECORDS_CALLBACK_HOSTS);
      if (problem) throw new RequestValidationException('callbackUrl is not allowed', [{ path: 'callbackUrl', message: problem }]);
    }
    const id = randomUUID();
    await this.documents.create({
      id,
      tenantId: principal.tenantId,
      source: upload.source,
      mediaType: upload.mediaType,
      bytes: upload.bytes,
      characters: upload.text.length,
      keyId: this.cipher.activeKeyId,
      textCipher: this.cipher.seal(upload.text, sealContext.text(id)),
      externalIdCipher: options.externalId ? this.cipher.seal(options.externalId, sealContext.externalId(id)) : null,
      callbackUrl: options.callbackUrl ?? null,
    });
    await this.audit.append({ tenantId: principal.tenantId, actor: principal.keyId, action: 'document.create', documentId: id, requestId });
    try {
      await this.queues.enqueue('records-extraction', 'extract-document', { documentId: id, tenantId: principal.tenantId }, { jobId: id });
    } catch (error) {
      await this.documents.fail(id, 'the extraction queue was unavailable; upload the document again');
      throw error;
    }
    return { documentId: id, status: 'queued' };
  }

  /** A tenant's document, decrypted, with the read written to the audit log first (no log, no read). */
  async read(principal: Principal, documentId: string, action: AuditAction, requestId?: string): Promise<ReadDocument> {
    const row = UUID.test(documentId) ? await this.documents.findForTenant(documentId, principal.tenantId) : null;
    if (!row) throw new NotFoundException(`no document ${documentId}`);
    await this.audit.append({ tenantId: principal.tenantId, actor: principal.keyId, action, documentId, requestId });
    const latest = row.reviews[0];
    return {
      row,
      extraction: row.extraction ? this.cipher.openJson<ExtractionView>(row.extraction.payloadCipher, sealContext.extraction(row.id)) : undefined,
      review: latest
        ? { reviewer: latest.reviewer, reviewedAt: latest.createdAt, extraction: this.cipher.openJson<ExtractionView>(latest.correctionCipher, sealContext.review(latest.id)) }
        : undefined,
    };
  }

  async get(principal: Principal, documentId: string, requestId?: string): Promise<DocumentView> {
    return this.view(await this.read(principal, documentId, 'document.read', requestId));
  }

  view({ row, extraction, review }: ReadDocument): DocumentView {
    return {
      documentId: row.id,
      status: row.status as DocumentStatus,
      createdAt: row.createdAt.toISOString(),
      ...(row.completedAt ? { completedAt: row.completedAt.toISOString() } : {}),
      ...(row.error ? { error: row.error } : {}),
      ...(row.externalIdCipher ? { externalId: this.cipher.openText(row.externalIdCipher, sealContext.externalId(row.id)) } : {}),
      ...(extraction ? { extraction } : {}),
      ...(review ? { review: { reviewer: review.reviewer, reviewedAt: review.reviewedAt.toISOString(), extraction: review.extraction } } : {}),
    };
  }
}
