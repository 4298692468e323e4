import type { QueueName } from '@mosaic/platform-messaging';

/** The queues this app's API enqueues to and its worker consumes. */
export const FRAUD_QUEUES: readonly QueueName[] = ['fraud-spine', 'fraud-batches', 'fraud-monitoring'];

export const FRAUD_SPINE = { queue: 'fraud-spine', writeScope: 'fraud:score', readScope: 'fraud:score' } as const;
