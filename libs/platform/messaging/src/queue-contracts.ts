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

/** A fraud scoring batch to score (request order kept), then its callback to deliver. */
export interface FraudBatchJob {
  batchId: string;
  tenantId: string;
}

/** Recalibrate fraud thresholds: one tenant on demand, or every tenant with recent decisions when absent. */
export interface FraudRecalibrationJob {
  tenantId?: string;
}

/** Compute fraud decision quality (precision, recall, FPR) per tenant, segment and day from the labels known. */
export interface FraudDailyMetricsJob {
  /** ISO date of the last day to compute (yesterday when absent). */
  until?: string;
}

/** An ingested telemetry batch to cut into windows, predict and store. */
export interface TelemetryBatchJob {
  batchId: string;
  tenantId: string;
}

/** One alert event (opened or closed) to POST to the asset's webhook. */
export interface TelemetryAlertDeliveryJob {
  deliveryId: string;
}

/** Delete raw telemetry signals older than the configured age (predictions and alerts are kept). */
export type TelemetryRetentionJob = Record<string, never>;

/** An uploaded clinical document to extract (or, for a PDF without text, to report as failed). */
export interface RecordsDocumentJob {
  documentId: string;
  tenantId: string;
}

export interface QueueContracts {
  'fraud-spine': { ping: PingJob };
  'fraud-batches': { 'score-batch': FraudBatchJob; 'deliver-callback': FraudBatchJob };
  'fraud-monitoring': { 'recalibrate-thresholds': FraudRecalibrationJob; 'compute-daily-metrics': FraudDailyMetricsJob };
  'records-spine': { ping: PingJob };
  'records-extraction': { 'extract-document': RecordsDocumentJob };
  'records-callbacks': { 'deliver-callback': RecordsDocumentJob };
  'telemetry-spine': { ping: PingJob };
  'telemetry-batches': { 'predict-batch': TelemetryBatchJob };
  'telemetry-alerts': { 'deliver-alert': TelemetryAlertDeliveryJob };
  'telemetry-retention': { 'purge-raw-signals': TelemetryRetentionJob };
}

export type QueueName = keyof QueueContracts;
export type JobName<Q extends QueueName> = keyof QueueContracts[Q] & string;
export type JobPayload<Q extends QueueName, J extends JobName<Q>> = QueueContracts[Q][J];

/** The same contract at run time, for the boot-time check that every job has a handler. */
export const QUEUE_JOBS: { [Q in QueueName]: readonly JobName<Q>[] } = {
  'fraud-spine': ['ping'],
  'fraud-batches': ['score-batch', 'deliver-callback'],
  'fraud-monitoring': ['recalibrate-thresholds', 'compute-daily-metrics'],
  'records-spine': ['ping'],
  'records-extraction': ['extract-document'],
  'records-callbacks': ['deliver-callback'],
  'telemetry-spine': ['ping'],
  'telemetry-batches': ['predict-batch'],
  'telemetry-alerts': ['deliver-alert'],
  'telemetry-retention': ['purge-raw-signals'],
};
