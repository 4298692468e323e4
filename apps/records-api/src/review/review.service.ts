import { randomUUID } from 'node:crypto';
import { ConflictException, Injectable } from '@nestjs/common';
import type { Principal } from '@mosaic/platform-auth';
import { RequestValidationException } from '@mosaic/platform-http';
import { sealContext } from '../documents/documents.repository';
import { DocumentsService } from '../documents/documents.service';
import type { DocumentView } from '../documents/dto/document.dto';
import { RecordCipher } from '../encryption/record-cipher';
import type { ExtractionView } from '../extraction/dto/extraction.dto';
import { ageIssues, spanIssues } from '../extraction/extraction.service';
import { ReviewRepository } from './review.repository';

/**
 * A reviewer's correction of a completed extraction. It is kept beside the model's original (both
 * sealed), with the reviewer's key and the time: the corrections are the next training data.
 */
@Injectable()
export class ReviewService {
  constructor(
    private readonly documents: DocumentsService,
    private readonly reviews: ReviewRepository,
    private readonly cipher: RecordCipher,
  ) {}

  async review(principal: Principal, documentId: string, correction: ExtractionView, requestId?: string): Promise<DocumentView> {
    const read = await this.documents.read(principal, documentId, 'review.write', requestId);
    if (read.row.status !== 'completed' || !read.extraction) {
      throw new ConflictException(`document ${documentId} is ${read.row.status}; only a completed extraction can be reviewed`);
    }
    const issues = [...spanIssues(correction, read.row.characters), ...ageIssues(correction)];
    if (issues.length > 0) throw new RequestValidationException('the correction does not fit the document', issues, 422);
    const id = randomUUID();
    const saved = await this.reviews.create({
      id,
      documentId,
      tenantId: principal.tenantId,
      reviewer: principal.keyId,
      keyId: this.cipher.activeKeyId,
      correctionCipher: this.cipher.sealJson(correction, sealContext.review(id)),
    });
    return this.documents.view({ ...read, review: { reviewer: saved.reviewer, reviewedAt: saved.createdAt, extraction: correction } });
  }
}
