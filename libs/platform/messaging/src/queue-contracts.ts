/**
 * Every queue of the platform, its job names and their payloads, in one place (STYLE.md habit 7).
 * Producers and processors are typed against this map; a worker that lacks a handler for a job
 * listed here refuses to start.
 */

/** The spine job each API enqueues to prove the path HTTP -> PostgreSQL -> Redis -> worker works. */
export interface PingJob {
  pingId: string;
  tenantId: string;
}

export interface QueueContracts {
  'fraud-spine': { ping: PingJob };
  'records-spine': { ping: PingJob };
  'telemetry-spine': { ping: PingJob };
}

export type QueueName = keyof QueueContracts;
export type JobName<Q extends QueueName> = keyof QueueContracts[Q] & string;
export type JobPayload<Q extends QueueName, J extends JobName<Q>> = QueueContracts[Q][J];

/** The same contract at run time, for the boot-time check that every job has a handler. */
export const QUEUE_JOBS: { [Q in QueueName]: readonly JobName<Q>[] } = {
  'fraud-spine': ['ping'],
  'records-spine': ['ping'],
  'telemetry-spine': ['ping'],
};
