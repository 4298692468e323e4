import { z } from 'zod';
import { baseConfigSchema, parseConfig } from '@mosaic/platform-config';

export const fraudConfigSchema = baseConfigSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3001),
});

export type FraudConfig = z.infer<typeof fraudConfigSchema>;

export const loadFraudConfig = (env?: Record<string, string | undefined>): FraudConfig => parseConfig(fraudConfigSchema, env);
