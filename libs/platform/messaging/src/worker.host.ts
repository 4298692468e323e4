import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import { APP_CONFIG, type BaseConfig } from '@mosaic/platform-config';
import { Metrics, describeError } from '@mosaic/platform-observability';
import { RedisService } from './redis.service';
import { QUEUE_JOBS, type JobName, type JobPayload, type QueueName } from './queue-contracts';
import { QUEUE_PROCESSORS } from './messaging.tokens';

export interface JobContext {
  id: string;
  /** 1 on the first try. */
  attempt: number;
  maxAttempts: number;
  updateProgress(progress: number | Record<string, unknown>): Promise<void>;
}

export type JobHandlers<Q extends QueueName> = {
  [J in JobName<Q>]: (payload: JobPayload<Q, J>, context: JobContext) => Promise<unknown>;
};

/** A processor is a thin adapter from a queue's jobs to a service (STYLE.md habit 7). */
export interface QueueProcessor<Q extends QueueName = QueueName> {
  readonly queue: Q;
  readonly handlers: JobHandlers<Q>;
  /** Jobs of this queue run at once in this process; the configured WORKER_CONCURRENCY by default. */
  readonly concurrency?: number;
}

export class MissingJobHandlerError extends Error {
  override name = 'MissingJobHandlerError';
}

/** Checks that every job of every consumed queue has a handler; a gap fails the boot, not a job at 3 a.m. */
export function assertHandlersComplete(processors: readonly QueueProcessor[]): void {
  const missing = processors.flatMap((p) =>
    QUEUE_JOBS[p.queue].filter((job) => typeof (p.handlers as Record<string, unknown>)[job] !== 'function').map((job) => `${p.queue}/${job}`),
  );
  if (missing.length) throw new MissingJobHandlerError(`no handler for ${missing.join(', ')}`);
}

@Injectable()
export class WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerHost.name);
  private readonly workers: Worker[] = [];

  constructor(
    @Inject(QUEUE_PROCESSORS) private readonly processors: QueueProcessor[],
    @Inject(APP_CONFIG) private readonly config: BaseConfig,
    private readonly redis: RedisService,
    private readonly metrics: Metrics,
  ) {
    assertHandlersComplete(processors);
  }

  onApplicationBootstrap(): void {
    const processed = this.metrics.counter('queue_jobs_processed_total', 'Jobs finished by this worker', ['queue', 'job', 'outcome']);
    for (const processor of this.processors) {
      const handlers = processor.handlers as Record<string, (payload: unknown, context: JobContext) => Promise<unknown>>;
      const worker = new Worker(
        processor.queue,
        async (job: Job) => {
          const handler = handlers[job.name];
          if (!handler) throw new MissingJobHandlerError(`no handler for ${processor.queue}/${job.name}`);
          return handler(job.data, {
            id: job.id ?? '',
            attempt: job.attemptsMade + 1,
            maxAttempts: job.opts.attempts ?? 1,
            updateProgress: (progress) => job.updateProgress(progress),
          });
        },
        {
          connection: this.redis.connect({ maxRetriesPerRequest: null }),
          prefix: this.redis.prefix,
          concurrency: processor.concurrency ?? this.config.WORKER_CONCURRENCY,
          lockDuration: this.config.QUEUE_LOCK_MS,
          stalledInterval: this.config.QUEUE_LOCK_MS,
          autorun: true,
        },
      );
      worker.on('completed', (job) => processed.inc({ queue: processor.queue, job: job.name, outcome: 'completed' }));
      worker.on('failed', (job, error) => {
        if (!job) return;
        const final = job.attemptsMade >= (job.opts.attempts ?? 1);
        processed.inc({ queue: processor.queue, job: job.name, outcome: final ? 'dead-lettered' : 'retrying' });
        const context = { queue: processor.queue, job: job.name, jobId: job.id, attempt: job.attemptsMade, error: describeError(error) };
        if (final) this.logger.error(context, 'job exhausted its attempts; kept in the failed set');
        else this.logger.warn(context, 'job failed; will retry');
      });
      worker.on('error', (error) => this.logger.warn({ queue: processor.queue, error: describeError(error) }, 'worker connection error'));
      this.workers.push(worker);
      this.logger.log({ queue: processor.queue }, 'consuming');
    }
  }

  /**
   * Stops taking jobs and lets the active ones finish, before the shutdown phase closes PostgreSQL and
   * Redis under them. A killed process leaves its jobs to be retried as stalled.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
