import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { APP_CONFIG } from '@mosaic/platform-config';
import type { FraudBatch } from '@mosaic/platform-database';
import { QueueProducer, QueueUnavailableError, RedisService } from '@mosaic/platform-messaging';
import { RequestValidationException } from '@mosaic/platform-http';
import type { FraudConfig } from '../config/fraud.config';
import type { ScoreResponse } from '../scoring/dto/score-response.dto';
import { BatchesRepository } from './batches.repository';
import type { BatchView, SubmitBatch } from './dto/batch.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Batch intake and read-back (the API side); the worker scores them (BatchScoringService). */
@Injectable()
export class BatchesService {
  constructor(
    private readonly batches: BatchesRepository,
    private readonly queues: QueueProducer,
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) private readonly config: FraudConfig,
  ) {}

  /** Stores the batch whole, then queues it; if the queue is down the batch is marked failed and the caller gets 503. */
  async submit(tenantId: string, input: SubmitBatch): Promise<{ batchId: string; status: 'queued' }> {
    if (input.transactions.length > this.config.FRAUD_BATCH_MAX) {
      throw new RequestValidationException('batch too large', [
        { path: 'transactions', message: `at most ${this.config.FRAUD_BATCH_MAX} transactions per batch` },
      ]);
    }
    // Storing 10,000 payments only to mark them failed would be waste: check the queue first.
    if (!this.redis.isReady) throw new QueueUnavailableError('cannot queue the batch: Redis is unreachable');
    const batch = await this.batches.create(tenantId, input.transactions, input.callbackUrl);
    try {
      await this.queues.enqueue('fraud-batches', 'score-batch', { batchId: batch.id, tenantId }, { jobId: `score-${batch.id}` });
    } catch (error) {
      await this.batches.markFailed(batch.id);
      throw error;
    }
    return { batchId: batch.id, status: 'queued' };
  }

  async get(tenantId: string, batchId: string): Promise<BatchView> {
    const batch = UUID.test(batchId) ? await this.batches.findForTenant(tenantId, batchId) : null;
    if (!batch) throw new NotFoundException(`no batch ${batchId}`);
    const view = viewOf(batch);
    if (batch.status !== 'completed') return view;
    const items = await this.batches.results(batch.id);
    return {
      ...view,
      results: items.map((item) => ({
        index: item.index,
        transactionId: item.transactionId,
        status: item.status === 'scored' ? 'scored' : 'failed',
        result: (item.result as ScoreResponse | null) ?? null,
        error: item.error,
      })),
    };
  }
}

export function viewOf(batch: FraudBatch): BatchView {
  return {
    batchId: batch.id,
    status: batch.status as BatchView['status'],
    total: batch.total,
    processed: batch.processed,
    failed: batch.failed,
    createdAt: batch.createdAt.toISOString(),
    startedAt: batch.startedAt?.toISOString() ?? null,
    completedAt: batch.completedAt?.toISOString() ?? null,
    callback: batch.callbackStatus ? { status: batch.callbackStatus as 'pending' | 'delivered' | 'failed', attempts: batch.callbackAttempts } : null,
  };
}
