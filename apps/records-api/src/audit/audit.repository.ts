import { Injectable } from '@nestjs/common';
import { PrismaService, type RecordAuditEvent } from '@mosaic/platform-database';

export type AuditAction = 'document.create' | 'document.read' | 'fhir.read' | 'review.write' | 'document.process';

export interface AuditEntry {
  tenantId: string;
  actor: string;
  action: AuditAction;
  documentId: string;
  requestId?: string;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.prisma.recordAuditEvent.create({ data: { ...entry, requestId: entry.requestId ?? null } });
  }

  /** A document's trail, oldest first, for its own tenant only. */
  forDocument(tenantId: string, documentId: string): Promise<RecordAuditEvent[]> {
    return this.prisma.recordAuditEvent.findMany({ where: { tenantId, documentId }, orderBy: { id: 'asc' } });
  }
}
