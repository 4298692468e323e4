import { z } from 'zod';
import { MAX_SAMPLE_RATE_HZ, MIN_SAMPLE_RATE_HZ } from '@mosaic/telemetry';
import { assetIdSchema } from '../../assets/dto/asset.dto';

export const MAX_CHANNELS = 16;

const channelName = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/i, 'channel names are letters, digits and _, starting with a letter');

const rateMessage = `must be between ${MIN_SAMPLE_RATE_HZ} and ${MAX_SAMPLE_RATE_HZ} Hz`;

const startedAt = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-11-26T12:00:00Z' });

/** Arrays are checked sample by sample by the service, which lists the first bad indices rather than a million issues. */
const samples = z.custom<unknown[]>((value) => Array.isArray(value), 'must be an array of numbers');

export const ingestJsonSchema = z
  .object({
    assetId: assetIdSchema,
    startedAt,
    sampleRateHz: z.number().min(MIN_SAMPLE_RATE_HZ, rateMessage).max(MAX_SAMPLE_RATE_HZ, rateMessage),
    rpm: z.number().positive().max(100_000).optional(),
    channels: z
      .record(channelName, samples)
      .refine((channels) => 'vibration' in channels, { message: 'channels.vibration is required' })
      .refine((channels) => Object.keys(channels).length <= MAX_CHANNELS, { message: `at most ${MAX_CHANNELS} channels` }),
  })
  .strict();

export type IngestJson = z.infer<typeof ingestJsonSchema>;

/** `vibration:120000,temperature:10`: the channels of a float32 body, in order, with their sample counts. */
const layout = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}:\d{1,9}(,[a-z][a-z0-9_]{0,63}:\d{1,9}){0,15}$/i, 'must look like vibration:120000,temperature:10');

export const ingestBinaryQuerySchema = z
  .object({
    assetId: assetIdSchema,
    startedAt,
    sampleRateHz: z.coerce.number().min(MIN_SAMPLE_RATE_HZ, rateMessage).max(MAX_SAMPLE_RATE_HZ, rateMessage),
    rpm: z.coerce.number().positive().max(100_000).optional(),
    channels: layout.optional(),
  })
  .strict();

export type IngestBinaryQuery = z.infer<typeof ingestBinaryQuerySchema>;

export const ingestAcceptedSchema = z.object({
  batchId: z.uuid(),
  status: z.enum(['queued', 'processing', 'completed', 'failed']).describe('queued for a new batch; a repeated upload of the same asset and startedAt answers with the first one'),
  windows: z.number().int().describe('model windows the batch yields'),
});

export const batchSchema = z.object({
  batchId: z.uuid(),
  assetId: z.string(),
  status: z.enum(['queued', 'processing', 'completed', 'failed']),
  startedAt: z.iso.datetime(),
  sampleRateHz: z.number(),
  samples: z.number().int(),
  channels: z.record(z.string(), z.number().int()),
  windows: z.number().int(),
  modelVersion: z.string().nullable(),
  rawSignalDeleted: z.boolean(),
  createdAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
});

export type BatchView = z.infer<typeof batchSchema>;
