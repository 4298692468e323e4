import { resolve } from 'node:path';
import { z } from 'zod';
import { baseConfigSchema, parseConfig } from '@mosaic/platform-config';
import { DEFAULT_RECALIBRATION_GUARDRAILS as GUARDRAILS, DEFAULT_THRESHOLD_TARGETS as TARGETS } from '@mosaic/fraud';

const share = z.coerce.number().min(0).max(1);
const probability = z.coerce.number().gt(0).lt(1);
const positiveInt = z.coerce.number().int().positive();

/** `1.1.0` or `1.1.0/int8`: a model version, optionally one of its manifest variants. */
const modelTarget = z
  .string()
  .regex(/^\d+\.\d+\.\d+(\/[a-z0-9-]+)?$/, 'must look like 1.1.0 or 1.1.0/int8')
  .optional();

export const fraudConfigSchema = baseConfigSchema
  .extend({
    PORT: z.coerce.number().int().min(0).max(65_535).default(3001),

    /** The repository's models/ folder by default (this file sits in apps/fraud-api/src/config). */
    MODELS_DIR: z.string().default(resolve(__dirname, '../../../../models')),
    FRAUD_MODEL_NAME: z.string().default('fraud-moe'),
    /** The version that decides; the latest on disk when unset. */
    FRAUD_MODEL_VERSION: modelTarget,
    /** A second version (or variant) that scores the same traffic without deciding; its scores are stored. */
    FRAUD_SHADOW_MODEL: modelTarget,
    /** Inference worker threads per process (the API and the worker each have their own). */
    FRAUD_INFERENCE_WORKERS: positiveInt.max(16).default(2),
    FRAUD_INFERENCE_DEADLINE_MS: positiveInt.default(200),
    /**
     * How long a payment's inference call waits for others to share its run. 0 by default: a payment
     * waits only while every inference thread is busy (batches still form under load), never on an idle one.
     */
    FRAUD_INFERENCE_BATCH_WINDOW_MS: z.coerce.number().min(0).max(50).default(0),
    /**
     * Nice value of the inference threads. 0 by default: every answer waits for its inference, so yielding
     * the CPU to other work only delays the answer (the library's default of 10 suits background scoring).
     */
    FRAUD_INFERENCE_NICENESS: z.coerce.number().int().min(0).max(19).default(0),
    /** Reason codes returned per decision. */
    FRAUD_REASONS_LIMIT: z.coerce.number().int().min(0).max(16).default(3),

    /** Version 0 of every segment, before any recalibration or manual setting. */
    FRAUD_DEFAULT_REVIEW_THRESHOLD: probability.default(0.5),
    FRAUD_DEFAULT_DECLINE_THRESHOLD: probability.default(0.9),
    /** What recalibration holds: the share of payments sent to review, and of legitimate ones declined. */
    FRAUD_TARGET_REVIEW_RATE: share.default(TARGETS.reviewRate),
    FRAUD_TARGET_FALSE_POSITIVE_RATE: share.default(TARGETS.falsePositiveRate),
    FRAUD_RECALIBRATION_EVERY_MS: positiveInt.default(15 * 60_000),
    /** How far back recalibration reads decisions, and at most how many per segment. */
    FRAUD_RECALIBRATION_WINDOW_HOURS: positiveInt.default(7 * 24),
    FRAUD_RECALIBRATION_MAX_SAMPLES: positiveInt.default(50_000),
    FRAUD_RECALIBRATION_MIN_SAMPLES: positiveInt.default(GUARDRAILS.minSamples),
    FRAUD_RECALIBRATION_MAX_STEP: probability.default(GUARDRAILS.maxStep),
    FRAUD_THRESHOLD_MIN_GAP: probability.default(GUARDRAILS.minGap),
    /** How stale the thresholds a scoring process uses may be: new versions are picked up within this. */
    FRAUD_THRESHOLD_REFRESH_MS: positiveInt.default(1_000),

    FRAUD_METRICS_CRON: z.string().default('15 0 * * *'),
    FRAUD_METRICS_LOOKBACK_DAYS: positiveInt.max(366).default(30),

    /** Behaviour state in Redis expires after this idle time; it is rebuilt from PostgreSQL when needed. */
    FRAUD_STATE_TTL_DAYS: positiveInt.default(30),
    /** How long a per-account lock may be held before another process may take it (a crashed holder). */
    FRAUD_STATE_LOCK_MS: positiveInt.default(5_000),
    /** Stored payments replayed per account or device when rebuilding its state. */
    FRAUD_STATE_REBUILD_LIMIT: positiveInt.default(2_000),

    FRAUD_BATCH_MAX: positiveInt.default(10_000),
    FRAUD_BATCH_BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/i).default('48mb'),
    /** Accounts scored at once within a batch (each account's payments stay in request order). */
    FRAUD_BATCH_CONCURRENCY: positiveInt.max(64).default(8),
    /** HMAC-SHA256 key that signs batch callbacks (x-mosaic-signature). */
    FRAUD_CALLBACK_SECRET: z.string().min(16).default('mosaic-dev-callback-secret'),
    FRAUD_CALLBACK_TIMEOUT_MS: positiveInt.default(5_000),
  })
  .refine((c) => c.NODE_ENV !== 'production' || c.FRAUD_CALLBACK_SECRET !== 'mosaic-dev-callback-secret', {
    path: ['FRAUD_CALLBACK_SECRET'],
    message: 'set a secret of your own in production',
  })
  .refine((c) => c.FRAUD_DEFAULT_REVIEW_THRESHOLD < c.FRAUD_DEFAULT_DECLINE_THRESHOLD, {
    path: ['FRAUD_DEFAULT_REVIEW_THRESHOLD'],
    message: 'must be below FRAUD_DEFAULT_DECLINE_THRESHOLD',
  });

export type FraudConfig = z.infer<typeof fraudConfigSchema>;

export const loadFraudConfig = (env?: Record<string, string | undefined>): FraudConfig => parseConfig(fraudConfigSchema, env);
