import { z } from 'zod';
import { baseConfigSchema, parseConfig } from '@mosaic/platform-config';

export const recordsConfigSchema = baseConfigSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3002),
});

export type RecordsConfig = z.infer<typeof recordsConfigSchema>;

export const loadRecordsConfig = (env?: Record<string, string | undefined>): RecordsConfig => parseConfig(recordsConfigSchema, env);
