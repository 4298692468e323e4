import { resolve } from 'node:path';
import { z } from 'zod';
import { baseConfigSchema, parseConfig } from '@mosaic/platform-config';
import { DEFAULT_ALERT_POLICY, DEFAULT_HOP_SAMPLES, checkAlertPolicy } from '@mosaic/telemetry';

const unit = z.coerce.number().min(0).max(1);

/** Signs webhooks in development and tests only: a production process refuses to start with it. */
const DEVELOPMENT_WEBHOOK_SECRET = 'mosaic-dev-webhook-secret-change-me';

export const telemetryConfigSchema = baseConfigSchema
  .extend({
    PORT: z.coerce.number().int().min(0).max(65_535).default(3003),
    /** The models/ folder at the repository root. */
    MODELS_DIR: z.string().min(1).default(resolve(__dirname, '../../../../models')),
    TELEMETRY_MODEL: z.string().regex(/^[a-z0-9-]+$/).default('telemetry-cnn-moe'),
    /** fp32, or a variant listed in the model's manifest (telemetry-cnn-moe 1.0.0 ships `pruned`). */
    TELEMETRY_MODEL_VARIANT: z.string().regex(/^[a-z0-9-]+$/).default('fp32'),
    /** Inference worker threads per process (the API and the worker each load the model). */
    INFERENCE_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
    /** Window step at the model rate for ingested batches (the model window is 2048 samples). */
    WINDOW_HOP_SAMPLES: z.coerce.number().int().min(64).max(2048).default(DEFAULT_HOP_SAMPLES),
    /** How long POST /v1/predict waits for the model. */
    PREDICT_DEADLINE_MS: z.coerce.number().int().positive().default(5_000),
    /** Raw samples per stored chunk (4 bytes each). */
    SIGNAL_CHUNK_SAMPLES: z.coerce.number().int().min(1_024).max(4_194_304).default(262_144),
    /** Raw signals older than this are deleted by the retention job; predictions and alerts are kept. */
    RAW_SIGNAL_RETENTION_SECONDS: z.coerce.number().int().nonnegative().default(7 * 24 * 3600),
    RETENTION_SWEEP_MS: z.coerce.number().int().min(100).default(3_600_000),
    /** How far in the future a batch may start (gateway clocks drift). */
    CLOCK_SKEW_SECONDS: z.coerce.number().int().nonnegative().default(300),
    /** Maintenance logs older than this (before a batch's end) are not fused with it. */
    MAINTENANCE_LOG_MAX_AGE_DAYS: z.coerce.number().positive().default(30),
    ALERT_OPEN_THRESHOLD: unit.default(DEFAULT_ALERT_POLICY.openThreshold),
    ALERT_CLOSE_THRESHOLD: unit.default(DEFAULT_ALERT_POLICY.closeThreshold),
    ALERT_OPEN_WINDOWS: z.coerce.number().int().positive().default(DEFAULT_ALERT_POLICY.openWindows),
    ALERT_CLOSE_WINDOWS: z.coerce.number().int().positive().default(DEFAULT_ALERT_POLICY.closeWindows),
    /** Weight of the newest window in the risk's moving average (1: no smoothing). */
    ALERT_SMOOTHING: unit.default(DEFAULT_ALERT_POLICY.smoothing),
    /** HMAC-SHA256 key of the `x-mosaic-signature` header on alert webhooks. */
    ALERT_WEBHOOK_SECRET: z.string().min(16).default(DEVELOPMENT_WEBHOOK_SECRET),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  })
  .superRefine((config, context) => {
    if (config.NODE_ENV === 'production' && config.ALERT_WEBHOOK_SECRET === DEVELOPMENT_WEBHOOK_SECRET) {
      context.addIssue({ code: 'custom', path: ['ALERT_WEBHOOK_SECRET'], message: 'the development secret is refused in production; set your own' });
    }
    try {
      checkAlertPolicy(alertPolicyOf(config));
    } catch (error) {
      context.addIssue({ code: 'custom', path: ['ALERT_CLOSE_THRESHOLD'], message: (error as Error).message });
    }
  });

export type TelemetryConfig = z.infer<typeof telemetryConfigSchema>;

export function alertPolicyOf(config: Pick<TelemetryConfig, 'ALERT_OPEN_THRESHOLD' | 'ALERT_CLOSE_THRESHOLD' | 'ALERT_OPEN_WINDOWS' | 'ALERT_CLOSE_WINDOWS' | 'ALERT_SMOOTHING'>) {
  return {
    openThreshold: config.ALERT_OPEN_THRESHOLD,
    closeThreshold: config.ALERT_CLOSE_THRESHOLD,
    openWindows: config.ALERT_OPEN_WINDOWS,
    closeWindows: config.ALERT_CLOSE_WINDOWS,
    smoothing: config.ALERT_SMOOTHING,
  };
}

export const loadTelemetryConfig = (env?: Record<string, string | undefined>): TelemetryConfig => parseConfig(telemetryConfigSchema, env);
