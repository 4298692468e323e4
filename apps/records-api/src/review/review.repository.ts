import { Injectable } from '@nestjs/common';
import { PrismaService, type RecordReview } from '@mosaic/platform-database';

@Injectable()
export class ReviewRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Adds a correction; earlier corrections and the model's extraction stay as they were. */
  create(review: { id: string; documentId: string; tenantId: string; reviewer: string; keyId: string; correctionCipher: Uint8Array }): Promise<RecordReview> {
    return this.prisma.recordReview.create({ data: { ...review, correctionCipher: Buffer.from(review.correctionCipher) } });
  }
}
