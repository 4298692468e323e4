import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { APP_CONFIG, type BaseConfig } from '@mosaic/platform-config';

export type { Redis };

/**
 * Redis connections of one process. `client` serves the app's own keys (rate limits, behaviour
 * state), prefixed so that deployments sharing a Redis do not collide; it fails fast when Redis is
 * down instead of queueing commands, so that callers can degrade or answer 503 at once.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  readonly prefix: string;
  readonly client: Redis;
  private readonly owned: Redis[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: BaseConfig) {
    this.prefix = config.REDIS_PREFIX;
    this.client = this.connect({ keyPrefix: `${this.prefix}:`, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  }

  /** A new connection for BullMQ: workers need blocking commands that never give up (`maxRetriesPerRequest: null`). */
  connect(options: RedisOptions = {}): Redis {
    const connection = new Redis(this.config.REDIS_URL, {
      lazyConnect: false,
      connectTimeout: 2_000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      ...options,
    });
    // Errors surface on the commands that fail; without a listener ioredis would print them unredacted.
    connection.on('error', () => undefined);
    this.owned.push(connection);
    return connection;
  }

  get isReady(): boolean {
    return this.client.status === 'ready';
  }

  async probe(): Promise<void> {
    if (!this.isReady) throw new Error(`redis connection is ${this.client.status}`);
    await this.client.ping();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.owned.map((c) => c.quit().catch(() => c.disconnect())));
  }
}

/** Deletes every key under a prefix (test clean-up; never called by the services). */
export async function purgeRedisPrefix(redisUrl: string, prefix: string): Promise<number> {
  if (!prefix || prefix === 'mosaic') throw new Error(`refusing to purge the prefix ${JSON.stringify(prefix)}`);
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
