import { z } from 'zod';
import { MAX_SAMPLE_RATE_HZ, MIN_SAMPLE_RATE_HZ } from '@mosaic/telemetry';

/** POST /v1/predict takes at most this much signal; longer recordings go through ingestion. */
export const MAX_PREDICT_SECONDS = 10;

const rateMessage = `must be between ${MIN_SAMPLE_RATE_HZ} and ${MAX_SAMPLE_RATE_HZ} Hz`;
const samples = z.custom<unknown[]>((value) => Array.isArray(value), 'must be an array of numbers');

export const predictSchema = z
  .object({
    sampleRateHz: z.number().min(MIN_SAMPLE_RATE_HZ, rateMessage).max(MAX_SAMPLE_RATE_HZ, rateMessage),
    rpm: z.number().positive().max(100_000).optional(),
    vibration: samples,
    temperature: samples.optional(),
    maintenanceLog: z.string().max(4_000, 'at most 4000 characters').optional(),
  })
  .strict();

export type PredictRequest = z.infer<typeof predictSchema>;

export const predictionSchema = z.object({
  label: z.string().describe('normal | inner_race | outer_race | ball (more classes may be added)'),
  probabilities: z.record(z.string(), z.number()),
  failureRisk: z.number(),
  windows: z.number().int(),
  experts: z.array(z.object({ expert: z.number().int(), weight: z.number() })).describe('mean router weight per expert over the windows, highest first'),
  modelVersion: z.string(),
});

export type PredictionView = z.infer<typeof predictionSchema>;

const isoOrDate = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

export const predictionsQuerySchema = z
  .object({
    from: isoOrDate.optional(),
    to: isoOrDate.optional(),
    limit: z.coerce.number().int().min(1).max(1_000).default(100),
    cursor: z.string().max(200).optional(),
  })
  .strict();

export type PredictionsQuery = z.infer<typeof predictionsQuerySchema>;

export const windowPredictionSchema = z.object({
  batchId: z.uuid(),
  windowIndex: z.number().int(),
  windowStart: z.iso.datetime(),
  label: z.string(),
  probabilities: z.record(z.string(), z.number()),
  failureRisk: z.number(),
  smoothedRisk: z.number().nullable().describe('highest smoothed fault risk after this window, as the alerts see it'),
  experts: z.array(z.object({ expert: z.number().int(), weight: z.number() })),
  modelVersion: z.string(),
});

export const predictionsPageSchema = z.object({
  assetId: z.string(),
  items: z.array(windowPredictionSchema),
  nextCursor: z.string().nullable().describe('pass as ?cursor= for the next page; null on the last page'),
});

export type PredictionsPage = z.infer<typeof predictionsPageSchema>;
