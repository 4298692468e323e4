import { HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@mosaic/platform-config';
import { isDatabaseUnavailable } from '@mosaic/platform-database';
import { QueueProducer } from '@mosaic/platform-messaging';
import { describeError } from '@mosaic/platform-observability';
import type { FraudConfig } from '../config/fraud.config';
import { ModelUnavailableError } from '../scoring/fraud-model.service';
import { ScoringService } from '../scoring/scoring.service';
import { BatchesRepository, type ItemOutcome, type PendingItem } from './batches.repository';

/** Items read and recorded at a time: progress moves page by page. */
const PAGE = 250;

/** A failure that retrying the job can cure (a dependency down), as opposed to one item that cannot be scored. */
function isTransient(error: unknown): boolean {
  return (
    error instanceof ModelUnavailableError ||
    isDatabaseUnavailable(error) ||
    (error instanceof HttpException && error.getStatus() === 503) ||
    (error as Error)?.name === 'QueueUnavailableError'
  );
}

/** Runs `work` on each group, `concurrency` groups at a time. */
async function eachGroup<T>(groups: readonly T[], concurrency: number, work: (group: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, groups.length) }, async () => {
    while (next < groups.length) {
      const group = groups[next++] as T;
      await work(group);
    }
  });
  await Promise.all(lanes);
}

/**
 * The worker's side of a batch: items in pages, each account's payments one after the other in request
 * order (so each sees the ones before it), different accounts at once. Items already recorded by an
 * earlier try are skipped, and scoring is idempotent on transaction id, so a retried job is harmless.
 */
@Injectable()
export class BatchScoringService {
  private readonly logger = new Logger(BatchScoringService.name);

  constructor(
    private readonly batches: BatchesRepository,
    private readonly scoring: ScoringService,
    private readonly queues: QueueProducer,
    @Inject(APP_CONFIG) private readonly config: FraudConfig,
  ) {}

  async process(batchId: string, tenantId: string, onProgress: (progress: Record<string, unknown>) => Promise<void>): Promise<void> {
    const batch = await this.batches.findById(batchId);
    if (!batch || batch.status === 'completed') return;
    await this.batches.markRunning(batchId);
    for (;;) {
      const page = await this.batches.pendingItems(batchId, PAGE);
      if (page.length === 0) break;
      const outcomes = await this.scorePage(tenantId, page);
      await this.batches.recordOutcomes(batchId, outcomes);
      const current = await this.batches.findById(batchId);
      await onProgress({ processed: current?.processed ?? 0, total: batch.total });
    }
    const done = await this.batches.markCompleted(batchId);
    this.logger.log({ batchId, total: done.total, failed: done.failed }, 'batch scored');
    if (done.callbackUrl) await this.queues.enqueue('fraud-batches', 'deliver-callback', { batchId, tenantId }, { jobId: `callback-${batchId}` });
  }

  private async scorePage(tenantId: string, page: readonly PendingItem[]): Promise<ItemOutcome[]> {
    const byAccount = new Map<string, PendingItem[]>();
    for (const item of page) byAccount.set(item.accountId, [...(byAccount.get(item.accountId) ?? []), item]);
    const outcomes: ItemOutcome[] = [];
    await eachGroup([...byAccount.values()], this.config.FRAUD_BATCH_CONCURRENCY, async (items) => {
      for (const item of items) {
        try {
          const result = await this.scoring.score(tenantId, item.request);
          outcomes.push({ index: item.index, status: 'scored', result, error: null });
        } catch (error) {
          if (isTransient(error)) throw error;
          this.logger.warn({ index: item.index, error: describeError(error) }, 'batch item could not be scored');
          outcomes.push({ index: item.index, status: 'failed', result: null, error: describeError(error).type });
        }
      }
    });
    return outcomes;
  }
}
