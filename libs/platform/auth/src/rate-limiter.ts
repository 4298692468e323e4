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

/** Adds a lease to the window's count (which expires with the window); returns the count. KEYS: count; ARGV: lease, expiry ms. */
const RESERVE = `
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return count`;

type ReserveClient = RedisService['client'] & { rateLimitReserve(key: string, lease: number, expiryMs: number): Promise<number> };

/** What this process holds of one key's window. */
interface Lease {
  window: number;
  /** Requests this process may still let through without asking Redis. */
  tokens: number;
  /** The window's count in Redis after this process's last reservation (every process's reservations). */
  counted: number;
  /** The window's limit is reached: every later request of the window is refused without asking Redis. */
  exhausted: boolean;
  reserving: Promise<void> | null;
}

/**
 * A fixed one-minute window per API key, counted in Redis so that every process of a deployment
 * shares it. Each process reserves its requests in leases of 1% of the limit (one at a time for limits
 * under 200, which stay exact), so the hot path asks Redis once per lease instead of on every request
 * (in fraud-api under load that round trip took longer than the behaviour-state lock's). What a process reserved but did not
 * use in a window is lost, so other processes may be refused up to one lease per process early.
 * When Redis is down the limiter lets requests through (and counts that): refusing all traffic
 * because the limiter's store is gone would turn a Redis outage into a full outage.
 */
@Injectable()
export class RateLimiter {
  private readonly limit: number;
  private readonly leaseSize: number;
  private readonly leases = new Map<string, Lease>();
  private window = 0;
  private readonly client: ReserveClient;
  private readonly skipped;

  constructor(
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) config: BaseConfig,
    metrics: Metrics,
  ) {
    this.limit = config.RATE_LIMIT_PER_MINUTE;
    this.leaseSize = Math.max(1, Math.floor(this.limit / 100));
    this.client = redis.client as ReserveClient;
    this.client.defineCommand('rateLimitReserve', { numberOfKeys: 1, lua: RESERVE });
    this.skipped = metrics.counter('rate_limit_unchecked_total', 'Requests let through unchecked because Redis was unreachable');
  }

  async hit(keyId: string, now = Date.now()): Promise<RateDecision> {
    const window = Math.floor(now / 60_000);
    const retryAfterSeconds = Math.ceil(((window + 1) * 60_000 - now) / 1000);
    const lease = this.leaseOf(keyId, window);
    while (lease.tokens === 0 && !lease.exhausted) {
      if (!this.redis.isReady) return this.unchecked(retryAfterSeconds);
      // Requests that find the lease empty together wait for one reservation.
      lease.reserving ??= this.reserve(keyId, lease).finally(() => (lease.reserving = null));
      if (!(await lease.reserving.then(() => true, () => false))) return this.unchecked(retryAfterSeconds);
    }
    const allowed = lease.tokens > 0;
    if (allowed) lease.tokens -= 1;
    const remaining = Math.max(0, Math.min(this.limit, this.limit - lease.counted + lease.tokens));
    return { allowed, limit: this.limit, remaining, retryAfterSeconds };
  }

  private leaseOf(keyId: string, window: number): Lease {
    if (window > this.window) {
      // Leases of past windows are worthless; drop them so that keys seen once do not pile up.
      for (const [id, old] of this.leases) if (old.window < window) this.leases.delete(id);
      this.window = window;
    }
    let lease = this.leases.get(keyId);
    if (!lease || lease.window !== window) {
      lease = { window, tokens: 0, counted: 0, exhausted: false, reserving: null };
      this.leases.set(keyId, lease);
    }
    return lease;
  }

  private async reserve(keyId: string, lease: Lease): Promise<void> {
    const counted = await this.client.rateLimitReserve(`ratelimit:${keyId}:${lease.window}`, this.leaseSize, 61_000);
    const granted = Math.max(0, Math.min(this.leaseSize, this.limit - (counted - this.leaseSize)));
    lease.counted = counted;
    lease.tokens += granted;
    // The count only grows within a window: once a lease comes back short, nothing is left to reserve.
    if (granted < this.leaseSize) lease.exhausted = true;
  }

  private unchecked(retryAfterSeconds: number): RateDecision {
    this.skipped.inc();
    return { allowed: true, limit: this.limit, remaining: this.limit, retryAfterSeconds };
  }
}
