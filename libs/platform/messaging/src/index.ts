export { MessagingModule } from './messaging.module';
export { RedisService, purgeRedisPrefix } from './redis.service';
export type { Redis } from './redis.service';
export { DEFAULT_JOB_OPTIONS, QueueProducer, QueueUnavailableError } from './queue.producer';
export type { EnqueueOptions } from './queue.producer';
export { MissingJobHandlerError, WorkerHost, assertHandlersComplete } from './worker.host';
export type { JobContext, JobHandlers, QueueProcessor } from './worker.host';
export { QUEUE_JOBS } from './queue-contracts';
export type { JobName, JobPayload, PingJob, QueueContracts, QueueName } from './queue-contracts';
