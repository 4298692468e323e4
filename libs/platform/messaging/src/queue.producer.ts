import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, type JobsOptions } from 'bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Metrics } from '@mosaic/platform-observability';
import { RedisService } from './redis.service';
import type { JobName, JobPayload, QueueName } from './queue-contracts';
import { MESSAGING_QUEUES } from './messaging.tokens';

/** Retries with exponential backoff; a job that exhausts them stays in the failed set, visible, never dropped. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: false,
};

export class QueueUnavailableError extends Error {
  override name = 'QueueUnavailableError';
}

export interface EnqueueOptions {
  /** A stable id makes enqueueing idempotent: BullMQ ignores a second job with the same id. */
  jobId?: string;
  delayMs?: number;
  priority?: number;
}

@Injectable()
export class QueueProducer implements OnApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly redis: RedisService,
    metrics: Metrics,
    @Inject(MESSAGING_QUEUES) names: readonly QueueName[],
  ) {
    const connection = redis.connect({ enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    for (const name of names) {
      const queue = new Queue(name, { connection, prefix: redis.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      // Connection errors surface on the enqueue that fails (as QueueUnavailableError); without a listener BullMQ prints each one.
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    const depth = metrics.gauge('queue_jobs', 'Jobs per queue and state', ['queue', 'state']);
    metrics.onScrape(async () => {
      if (!this.redis.isReady) return;
      for (const [name, queue] of this.queues) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
        for (const [state, count] of Object.entries(counts)) depth.set({ queue: name, state }, count);
      }
    });
  }

  async enqueue<Q extends QueueName, J extends JobName<Q>>(
    queue: Q,
    job: J,
    payload: JobPayload<Q, J>,
    options: EnqueueOptions = {},
  ): Promise<string> {
    if (!this.redis.isReady) throw new QueueUnavailableError(`cannot queue ${queue}/${job}: Redis is unreachable`);
    try {
      const added = await this.queueOf(queue).add(job, payload, {
        jobId: options.jobId,
        delay: options.delayMs,
        priority: options.priority,
      });
      return added.id ?? '';
    } catch (error) {
      throw new QueueUnavailableError(`cannot queue ${queue}/${job}: ${(error as Error).message}`);
    }
  }

  /** Registers a repeatable job (a scheduler), replacing an earlier one of the same id. */
  async schedule<Q extends QueueName, J extends JobName<Q>>(
    queue: Q,
    job: J,
    payload: JobPayload<Q, J>,
    every: { everyMs: number } | { cron: string },
  ): Promise<void> {
    const repeat = 'cron' in every ? { pattern: every.cron } : { every: every.everyMs };
    await this.queueOf(queue).upsertJobScheduler(`${queue}:${job}`, repeat, { name: job, data: payload, opts: DEFAULT_JOB_OPTIONS });
  }

  async counts(queue: QueueName): Promise<Record<string, number>> {
    return this.queueOf(queue).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
  }

  /** The Bull Board UI over this process's queues, as an Express router to mount behind auth. */
  dashboard(basePath: string): ReturnType<ExpressAdapter['getRouter']> {
    const adapter = new ExpressAdapter();
    adapter.setBasePath(basePath);
    createBullBoard({ queues: [...this.queues.values()].map((q) => new BullMQAdapter(q)), serverAdapter: adapter });
    return adapter.getRouter();
  }

  private queueOf(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`queue ${name} is not registered in this process (MessagingModule.forRoot)`);
    return queue;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
