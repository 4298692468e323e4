import type { QueueName } from '@mosaic/platform-messaging';

/** The queues this app's API enqueues to and its worker consumes. */
export const RECORDS_QUEUES: readonly QueueName[] = ['records-spine', 'records-extraction', 'records-callbacks'];

export const RECORDS_SPINE = { queue: 'records-spine', writeScope: 'records:write', readScope: 'records:read' } as const;
