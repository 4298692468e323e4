import { Injectable } from '@nestjs/common';
import { type FraudBatch, Prisma, PrismaService } from '@mosaic/platform-database';
import type { ScoreRequest } from '@mosaic/fraud';

/** Rows per INSERT when a batch is stored: keeps each statement well under PostgreSQL's parameter limit. */
const INSERT_CHUNK = 1_000;

export interface PendingItem {
  index: number;
  accountId: string;
  request: ScoreRequest;
}

export interface ItemOutcome {
  index: number;
  status: 'scored' | 'failed';
  result: unknown;
  error: string | null;
}

export interface StoredItem {
  index: number;
  transactionId: string;
  status: string;
  result: unknown;
  error: string | null;
}

@Injectable()
export class BatchesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The batch and all its items in one transaction: a batch is stored whole or not at all. */
  async create(tenantId: string, requests: readonly ScoreRequest[], callbackUrl: string | undefined): Promise<FraudBatch> {
    return this.prisma.$transaction(
      async (tx) => {
        const batch = await tx.fraudBatch.create({
          data: { tenantId, status: 'queued', total: requests.length, callbackUrl, callbackStatus: callbackUrl ? 'pending' : null },
        });
        for (let start = 0; start < requests.length; start += INSERT_CHUNK) {
          await tx.fraudBatchItem.createMany({
            data: requests.slice(start, start + INSERT_CHUNK).map((request, offset) => ({
              batchId: batch.id,
              index: start + offset,
              transactionId: request.transactionId,
              accountId: request.account.id,
              request: request as unknown as Prisma.InputJsonValue,
            })),
          });
        }
        return batch;
      },
      { timeout: 60_000 },
    );
  }

  findForTenant(tenantId: string, batchId: string): Promise<FraudBatch | null> {
    return this.prisma.fraudBatch.findFirst({ where: { id: batchId, tenantId } });
  }

  findById(batchId: string): Promise<FraudBatch | null> {
    return this.prisma.fraudBatch.findUnique({ where: { id: batchId } });
  }

  async pendingItems(batchId: string, limit: number): Promise<PendingItem[]> {
    const rows = await this.prisma.fraudBatchItem.findMany({
      where: { batchId, status: 'pending' },
      orderBy: { index: 'asc' },
      take: limit,
      select: { index: true, accountId: true, request: true },
    });
    return rows.map((row) => ({ index: row.index, accountId: row.accountId, request: row.request as unknown as ScoreRequest }));
  }

  /** Records a page of outcomes in one statement (items already recorded by an earlier try are left alone), clears their requests, moves the counts. */
  async recordOutcomes(batchId: string, outcomes: readonly ItemOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    const failed = outcomes.filter((o) => o.status === 'failed').length;
    await this.prisma.$transaction(async (tx) => {
      const updated = await tx.$executeRaw`
        UPDATE fraud_batch_items AS item
        SET status = v.status, result = v.result::jsonb, error = v.error, request = NULL
        FROM unnest(${outcomes.map((o) => o.index)}::int[], ${outcomes.map((o) => o.status)}::text[],
                    ${outcomes.map((o) => (o.result === null ? null : JSON.stringify(o.result)))}::text[], ${outcomes.map((o) => o.error)}::text[])
          AS v(idx, status, result, error)
        WHERE item.batch_id = ${batchId}::uuid AND item.index = v.idx AND item.status = 'pending'`;
      await tx.fraudBatch.update({ where: { id: batchId }, data: { processed: { increment: updated }, failed: { increment: Math.min(failed, updated) } } });
    });
  }

  async markRunning(batchId: string): Promise<void> {
    await this.prisma.fraudBatch.updateMany({ where: { id: batchId, status: { in: ['queued', 'running'] } }, data: { status: 'running', startedAt: new Date() } });
  }

  /** Settles the counts from the items themselves (a retried page may have been counted twice). */
  async markCompleted(batchId: string): Promise<FraudBatch> {
    const counts = await this.prisma.fraudBatchItem.groupBy({ by: ['status'], where: { batchId }, _count: { _all: true } });
    const count = (status: string) => counts.find((c) => c.status === status)?._count._all ?? 0;
    return this.prisma.fraudBatch.update({
      where: { id: batchId },
      data: { status: 'completed', processed: count('scored') + count('failed'), failed: count('failed'), completedAt: new Date() },
    });
  }

  async markFailed(batchId: string): Promise<void> {
    await this.prisma.fraudBatch.updateMany({ where: { id: batchId, status: { not: 'completed' } }, data: { status: 'failed', completedAt: new Date() } });
  }

  async results(batchId: string): Promise<StoredItem[]> {
    return this.prisma.fraudBatchItem.findMany({
      where: { batchId },
      orderBy: { index: 'asc' },
      select: { index: true, transactionId: true, status: true, result: true, error: true },
    });
  }

  async callbackAttempted(batchId: string, status: 'pending' | 'delivered' | 'failed'): Promise<void> {
    await this.prisma.fraudBatch.update({ where: { id: batchId }, data: { callbackStatus: status, callbackAttempts: { increment: 1 } } });
  }
}
