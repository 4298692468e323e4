import { Injectable } from '@nestjs/common';
import { PrismaService, type TelemetryBatch } from '@mosaic/platform-database';
import type { SignalChunk } from './signal.codec';

export interface NewBatch {
  tenantId: string;
  assetRowId: string;
  startedAt: Date;
  endedAt: Date;
  sampleRateHz: number;
  rpm?: number;
  samples: number;
  channels: Record<string, number>;
  format: 'json' | 'float32';
  windows: number;
}

export type CreateOutcome =
  | { kind: 'created'; batch: TelemetryBatch }
  /** The same asset and startedAt was accepted before: a gateway retry. */
  | { kind: 'repeated'; batch: TelemetryBatch }
  /** The batch starts before the end of the asset's latest batch. */
  | { kind: 'out-of-order'; latestEnd: Date };

const BATCH_STATUS = { queued: 'queued', processing: 'processing', completed: 'completed', failed: 'failed' } as const;

@Injectable()
export class BatchesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Writes the batch and every chunk of its signal in one transaction, under a lock on the asset's
   * row so that concurrent uploads of one asset are ordered: all of it is stored, or nothing.
   */
  async create(batch: NewBatch, chunks: Record<string, SignalChunk[]>): Promise<CreateOutcome> {
    return this.prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM telemetry_assets WHERE id = ${batch.assetRowId}::uuid FOR UPDATE`;
        const same = await tx.telemetryBatch.findUnique({ where: { assetRowId_startedAt: { assetRowId: batch.assetRowId, startedAt: batch.startedAt } } });
        if (same) return { kind: 'repeated', batch: same };
        const latest = await tx.telemetryBatch.findFirst({ where: { assetRowId: batch.assetRowId }, orderBy: { endedAt: 'desc' }, select: { endedAt: true } });
        if (latest && batch.startedAt < latest.endedAt) return { kind: 'out-of-order', latestEnd: latest.endedAt };
        const created = await tx.telemetryBatch.create({ data: { ...batch, status: BATCH_STATUS.queued } });
        const rows = Object.entries(chunks).flatMap(([channel, parts]) => parts.map((c) => ({ batchId: created.id, channel, seq: c.seq, samples: c.samples, data: c.data })));
        await tx.telemetrySignalChunk.createMany({ data: rows });
        return { kind: 'created', batch: created };
      },
      { maxWait: 5_000, timeout: 60_000 },
    );
  }

  /** Removes a batch that could not be queued (its chunks go with it). */
  async delete(id: string): Promise<void> {
    await this.prisma.telemetryBatch.deleteMany({ where: { id } });
  }

  findForTenant(id: string, tenantId: string): Promise<(TelemetryBatch & { asset: { assetId: string } }) | null> {
    return this.prisma.telemetryBatch.findFirst({ where: { id, tenantId }, include: { asset: { select: { assetId: true } } } });
  }

  findById(id: string): Promise<TelemetryBatch | null> {
    return this.prisma.telemetryBatch.findUnique({ where: { id } });
  }

  /** Marks a batch as taken by a worker; a completed batch stays completed. */
  async markProcessing(id: string): Promise<void> {
    await this.prisma.telemetryBatch.updateMany({
      where: { id, status: { not: BATCH_STATUS.completed } },
      data: { status: BATCH_STATUS.processing, attempts: { increment: 1 } },
    });
  }

  async markFailed(id: string): Promise<void> {
    await this.prisma.telemetryBatch.updateMany({ where: { id, status: { not: BATCH_STATUS.completed } }, data: { status: BATCH_STATUS.failed } });
  }

  /** A channel's stored chunks in order, or none when it was not sent or the raw signal was purged. */
  readChannel(batchId: string, channel: string): Promise<{ samples: number; data: Uint8Array }[]> {
    return this.prisma.telemetrySignalChunk.findMany({ where: { batchId, channel }, orderBy: { seq: 'asc' }, select: { samples: true, data: true } });
  }
}
