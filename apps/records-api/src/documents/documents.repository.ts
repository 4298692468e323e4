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

/** What the worker reads of a document as it claims it (DocumentsRepository.claim). */
export interface DocumentToProcess {
  id: string;
  tenantId: string;
  source: string;
  callbackUrl: string | null;
  callbackStatus: string | null;
  claimed: boolean;
  textCipher: Buffer | null;
}

/*
 * The worker's statements go straight to node-postgres (PrismaService.sql), two per document: through
 * Prisma its eight statements (and two transactions) took about 18 ms of a document's CPU in a profile
 * of the worker, most of it compiling queries; these two take about 3. Prisma writes DateTime columns
 * (timestamp without time zone) in UTC, and so do these.
 */
const FINAL_SQL = `('completed', 'failed')`;
const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;
const CALLBACK_DUE = `callback_status = CASE WHEN callback_url IS NOT NULL AND callback_status IS NULL THEN 'pending' ELSE callback_status END`;

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

  /**
   * Marks a job's document as being processed and returns what the worker needs of it, in one
   * statement: the claim, the audit event of the worker's read of the text (written only when the
   * claim succeeds, so no text is opened unaudited) and the row itself. `claimed` is false, and no
   * text is returned, when an earlier attempt already completed or failed the document; null when
   * there is no such document.
   */
  async claim(id: string, actor: string): Promise<DocumentToProcess | null> {
    const { rows } = await this.prisma.sql<DocumentToProcess>(
      `WITH claimed AS (
         UPDATE record_documents SET status = 'processing', attempts = attempts + 1
         WHERE id = $1 AND status NOT IN ${FINAL_SQL}
         RETURNING id, tenant_id
       ), audited AS (
         INSERT INTO record_audit_events (tenant_id, actor, action, document_id)
         SELECT tenant_id, $2, 'document.process', id FROM claimed
       )
       SELECT d.id, d.tenant_id AS "tenantId", d.source, d.callback_url AS "callbackUrl", d.callback_status AS "callbackStatus",
         c.id IS NOT NULL AS claimed, CASE WHEN c.id IS NOT NULL THEN d.text_cipher END AS "textCipher"
       FROM record_documents d LEFT JOIN claimed c ON c.id = d.id
       WHERE d.id = $1`,
      [id, actor],
    );
    return rows[0] ?? null;
  }

  /**
   * Stores the extraction and completes the document in one statement, so neither is ever written
   * without the other. The unique document_id makes a retried or concurrent job store nothing a
   * second time; a document already completed or failed keeps its status, and one with a callback
   * gets its callback due.
   */
  async complete(id: string, extraction: { tenantId: string; modelVersion: string; keyId: string; payloadCipher: Uint8Array }): Promise<void> {
    await this.prisma.sql(
      `WITH stored AS (
         INSERT INTO record_extractions (id, document_id, tenant_id, model_version, key_id, payload_cipher)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5)
         ON CONFLICT (document_id) DO NOTHING
       )
       UPDATE record_documents SET
         status = CASE WHEN status IN ${FINAL_SQL} THEN status ELSE 'completed' END,
         completed_at = CASE WHEN status IN ${FINAL_SQL} THEN completed_at ELSE ${NOW_UTC} END,
         error = CASE WHEN status IN ${FINAL_SQL} THEN error END,
         ${CALLBACK_DUE}
       WHERE id = $1`,
      [id, extraction.tenantId, extraction.modelVersion, extraction.keyId, Buffer.from(extraction.payloadCipher)],
    );
  }

  /** Fails the document with the reason (unless it is already completed or failed), in one statement as complete() does. */
  async fail(id: string, reason: string): Promise<void> {
    await this.prisma.sql(
      `UPDATE record_documents SET
         status = CASE WHEN status IN ${FINAL_SQL} THEN status ELSE 'failed' END,
         error = CASE WHEN status IN ${FINAL_SQL} THEN error ELSE $2 END,
         completed_at = CASE WHEN status IN ${FINAL_SQL} THEN completed_at ELSE ${NOW_UTC} END,
         ${CALLBACK_DUE}
       WHERE id = $1`,
      [id, reason],
    );
  }

  async recordCallbackAttempt(id: string, outcome: 'delivered' | 'pending' | 'failed'): Promise<void> {
    await this.prisma.recordDocument.update({
      where: { id },
      data: { callbackStatus: outcome, callbackAttempts: { increment: 1 }, ...(outcome === 'delivered' ? { callbackDeliveredAt: new Date() } : {}) },
    });
  }
}
