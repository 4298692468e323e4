import { Injectable } from '@nestjs/common';
import { PrismaService } from '@mosaic/platform-database';

@Injectable()
export class RawSignalRetentionRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Deletes the raw chunks of finished batches received before `cutoff`, a slice at a time so that no
   * transaction grows with the backlog; batch rows, predictions and alerts stay.
   */
  async purgeBefore(cutoff: Date, sliceSize = 500): Promise<{ batches: number; chunks: number }> {
    let batches = 0;
    let chunks = 0;
    for (;;) {
      const slice = await this.prisma.telemetryBatch.findMany({
        where: { createdAt: { lt: cutoff }, rawDeletedAt: null, status: { in: ['completed', 'failed'] } },
        select: { id: true },
        take: sliceSize,
      });
      if (slice.length === 0) return { batches, chunks };
      const ids = slice.map((b) => b.id);
      const [deleted] = await this.prisma.$transaction([
        this.prisma.telemetrySignalChunk.deleteMany({ where: { batchId: { in: ids } } }),
        this.prisma.telemetryBatch.updateMany({ where: { id: { in: ids } }, data: { rawDeletedAt: new Date() } }),
      ]);
      batches += ids.length;
      chunks += deleted.count;
    }
  }
}
