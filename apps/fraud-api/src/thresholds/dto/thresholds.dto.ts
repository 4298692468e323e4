import { z } from 'zod';

const threshold = z.number().gt(0).lt(1);

export const segmentThresholdsSchema = z.object({
  segment: z.string().describe('The channel (online, pos, atm, transfer, mobile) or "unknown"'),
  review: z.number(),
  decline: z.number(),
  version: z.number().int().describe('0 for the configured defaults'),
  frozen: z.boolean().describe('While frozen, recalibration leaves the segment alone'),
  trigger: z.enum(['default', 'recalibration', 'manual']),
  reason: z.string().describe('Why this version was made'),
  targets: z.object({ reviewRate: z.number(), falsePositiveRate: z.number() }).describe('What recalibration holds'),
  updatedAt: z.iso.datetime().nullable(),
});

export const thresholdsViewSchema = z.object({
  segments: z.array(segmentThresholdsSchema),
  recalibration: z.object({ everyMs: z.number(), windowHours: z.number(), minSamples: z.number(), maxStep: z.number() }),
});
export type ThresholdsView = z.infer<typeof thresholdsViewSchema>;

export const thresholdsHistorySchema = z.object({
  versions: z.array(segmentThresholdsSchema.extend({ stats: z.record(z.string(), z.unknown()) })),
});

export const historyQuerySchema = z
  .object({
    segment: z.string().max(32).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();

export const setThresholdsSchema = z
  .object({
    review: threshold.optional(),
    decline: threshold.optional(),
    frozen: z.boolean().optional(),
    reason: z.string().trim().min(3).max(500),
  })
  .strict();
export type SetThresholds = z.infer<typeof setThresholdsSchema>;
