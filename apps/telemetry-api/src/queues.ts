import type { QueueName } from '@mosaic/platform-messaging';

/** The queues this app's API enqueues to and its worker consumes. */
export const TELEMETRY_QUEUES: readonly QueueName[] = ['telemetry-spine', 'telemetry-batches', 'telemetry-alerts', 'telemetry-retention'];

export const TELEMETRY_SPINE = { queue: 'telemetry-spine', writeScope: 'telemetry:write', readScope: 'telemetry:read' } as const;
