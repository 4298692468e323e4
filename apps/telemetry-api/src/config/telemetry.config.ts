import { z } from 'zod';
import { baseConfigSchema, parseConfig } from '@mosaic/platform-config';

export const telemetryConfigSchema = baseConfigSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3003),
});

export type TelemetryConfig = z.infer<typeof telemetryConfigSchema>;

export const loadTelemetryConfig = (env?: Record<string, string | undefined>): TelemetryConfig => parseConfig(telemetryConfigSchema, env);
