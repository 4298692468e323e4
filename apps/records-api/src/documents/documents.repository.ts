import { Injectable } from '@nestjs/common';
import { PrismaService, type RecordDocument, type RecordExtraction, type RecordReview } from '@mosaic/platform-database';

export type DocumentStatus = 'queued' | 'processing' | 'completed' | 'failed';

export interface NewDocument {
  id: string;
  tenantId: string;
  source: 'json' | 'text' | 'pdf';
  mediaType: string;
  bytes: number;
  characters: number;
  keyId: string;
  textCipher: Uint8Array;
  externalIdCipher: Uint8Array | null;
  callbackUrl: string | null;
}

export type DocumentWithResults = RecordDocument & { extraction: RecordExtraction | null; reviews: RecordReview[] };

const FINAL: DocumentStatus[] = ['completed', 'failed'];

/** Where a sealed value lives; bound into its ciphertext so it cannot be moved elsewhere. */
export const sealContext = {
  text: (documentId: string) => `record_documents:${documentId}:text`,
  externalId: (documentId: string) => `record_documents:${documentId}:external_id`,
  extraction: (documentId: string) => `record_extractions:${documentId}:payload`,
  review: (reviewId: string) => `record_reviews:${reviewId}:correction`,
};

@Injectable()
export class DocumentsRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(document: NewDocument): Promise<RecordDocument> {
    return this.prisma.recordDocument.create({
      data: {
        ...document,
        textCipher: Buffer.from(document.textCipher),
        externalIdCipher: document.externalIdCipher ? Buffer.from(document.externalIdCipher) : null,
        status: 'queued',
      },
    });
  }

  /** Scoped by tenant: another tenant's id reads as absent. Holds the extraction and the latest review. */
  findForTenant(id: string, tenantId: string): Promise<DocumentWithResults | null> {
    return this.prisma.recordDocument.findFirst({
      where: { id, tenantId },
      include: { extraction: true, reviews: { orderBy: { createdAt: 'desc' }, take: 1 } },
    });
  }

  findById(id: string): Promise<RecordDocument | null> {
    return this.prisma.recordDocument.findUnique({ where: { id } });
  }

  /** Marks a job's document as being processed; false when it is already completed or failed. */
  async claim(id: string): Promise<boolean> {
    const { count } = await this.prisma.recordDocument.updateMany({
      where: { id, status: { notIn: FINAL } },
      data: { status: 'processing', attempts: { increment: 1 } },
    });
    return count === 1;
  }

  /**
   * Stores the extraction and completes the document in one transaction. The unique document_id
   * makes a retried or concurrent job store nothing a second time.
   */
  async complete(id: string, extraction: { tenantId: string; modelVersion: string; keyId: string; payloadCipher: Uint8Array }): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.recordExtraction.createMany({
        data: [{ documentId: id, ...extraction, payloadCipher: Buffer.from(extraction.payloadCipher) }],
        skipDuplicates: true,
      }),
      this.prisma.recordDocument.updateMany({
        where: { id, status: { notIn: FINAL } },
        data: { status: 'completed', completedAt: new Date(), error: null },
      }),
      this.prisma.recordDocument.updateMany({ where: { id, callbackUrl: { not: null }, callbackStatus: null }, data: { callbackStatus: 'pending' } }),
    ]);
  }

  async fail(id: string, reason: string): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.recordDocument.updateMany({ where: { id, status: { notIn: FINAL } }, data: { status: 'failed', error: reason, completedAt: new Date() } }),
      this.prisma.recordDocument.updateMany({ where: { id, callbackUrl: { not: null }, callbackStatus: null }, data: { callbackStatus: 'pending' } }),
    ]);
  }

  async recordCallbackAttempt(id: string, outcome: 'delivered' | 'pending' | 'failed'): Promise<void> {
    await this.prisma.recordDocument.update({
      where: { id },
      data: { callbackStatus: outcome, callbackAttempts: { increment: 1 }, ...(outcome === 'delivered' ? { callbackDeliveredAt: new Date() } : {}) },
    });
  }
}
