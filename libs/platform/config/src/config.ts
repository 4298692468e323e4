import { z } from 'zod';

/**
 * Every app parses its environment once, at start, into a typed object that is then injected
 * (STYLE.md habit 5). A bad value stops the process with a message naming each bad variable.
 */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const booleanString = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

const redisUrl = z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL');
const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL');

/** Variables every API and worker reads. App schemas extend it. */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: postgresUrl.default('postgresql://postgres@127.0.0.1:5432/mosaic'),
  REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
  /** Prefix of every Redis key this deployment writes (BullMQ queues included), so tenants of one Redis do not collide. */
  REDIS_PREFIX: z.string().regex(/^[a-z0-9:_-]+$/i).default('mosaic'),
  /** Largest JSON body accepted by default; routes that take bulk data set their own. */
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb or 1mb').default('1mb'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(6000),
  /** How long a verified API key is trusted from memory before it is looked up again (so revocation takes at most this long). */
  API_KEY_CACHE_SECONDS: z.coerce.number().int().nonnegative().default(30),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(10_000),
  QUEUE_DASHBOARD: booleanString.default(true),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().max(256).default(4),
  /**
   * How long a worker's claim on a job lasts between renewals (renewed every half of it). A killed
   * worker's jobs are handed to another worker after about this long, so shorter means faster recovery;
   * a claim must outlast the longest stretch a job blocks its event loop.
   */
  QUEUE_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

export function parseConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({ variable: issue.path.join('.') || '(environment)', message: issue.message })),
    );
  }
  return result.data;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
