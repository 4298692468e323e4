import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type BaseConfig } from '@mosaic/platform-config';
import { RedisService } from '@mosaic/platform-messaging';
import { Metrics } from '@mosaic/platform-observability';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  retryAfterSeconds: number;
}

/**
 * A fixed one-minute window per API key, counted in Redis so that every process of a deployment
 * shares it. When Redis is down the limiter lets requests through (and counts that): refusing all
 * traffic because the limiter's store is gone would turn a Redis outage into a full outage.
 */
@Injectable()
export class RateLimiter {
  private readonly limit: number;
  private readonly skipped;

  constructor(
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) config: BaseConfig,
    metrics: Metrics,
  ) {
    this.limit = config.RATE_LIMIT_PER_MINUTE;
    this.skipped = metrics.counter('rate_limit_unchecked_total', 'Requests let through unchecked because Redis was unreachable');
  }

  async hit(keyId: string, now = Date.now()): Promise<RateDecision> {
    const window = Math.floor(now / 60_000);
    const retryAfterSeconds = Math.ceil(((window + 1) * 60_000 - now) / 1000);
    if (!this.redis.isReady) {
      this.skipped.inc();
      return { allowed: true, limit: this.limit, remaining: this.limit, retryAfterSeconds };
    }
    try {
      const key = `ratelimit:${keyId}:${window}`;
      const [[, count]] = (await this.redis.client.multi().incr(key).pexpire(key, 61_000).exec()) as [[Error | null, number]];
      return { allowed: count <= this.limit, limit: this.limit, remaining: Math.max(0, this.limit - count), retryAfterSeconds };
    } catch {
      this.skipped.inc();
      return { allowed: true, limit: this.limit, remaining: this.limit, retryAfterSeconds };
    }
  }
}
