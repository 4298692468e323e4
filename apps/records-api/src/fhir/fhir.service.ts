import { ConflictException, Injectable } from '@nestjs/common';
import type { Principal } from '@mosaic/platform-auth';
import { toFhirBundle, type FhirBundle } from '@mosaic/records';
import { DocumentsService } from '../documents/documents.service';

@Injectable()
export class FhirService {
  constructor(private readonly documents: DocumentsService) {}

  /** The reviewed extraction when there is one (a person checked it), else the model's. */
  async bundle(principal: Principal, documentId: string, requestId?: string): Promise<FhirBundle> {
    const { row, extraction, review } = await this.documents.read(principal, documentId, 'fhir.read', requestId);
    const source = review?.extraction ?? extraction;
    if (row.status !== 'completed' || !source) throw new ConflictException(`document ${documentId} is ${row.status}; its FHIR Bundle exists once it is completed`);
    return toFhirBundle(source, row.id, review?.reviewedAt ?? row.completedAt ?? row.createdAt);
  }
}
