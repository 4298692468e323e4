import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown, ServiceUnavailableException } from '@nestjs/common';
import { APP_CONFIG } from '@mosaic/platform-config';
import { RedisService } from '@mosaic/platform-messaging';
import { Metrics, describeError } from '@mosaic/platform-observability';
import {
  type AccountState,
  type BehaviourState,
  type DeviceState,
  type ScoreRequest,
  deviceKeyOf,
  initialState,
  rebuildBehaviourState,
} from '@mosaic/fraud';
import type { FraudConfig } from '../config/fraud.config';
import { KeyedMutex } from './keyed-mutex';
import { TransactionsRepository } from './scoring.repository';

/**
 * Takes every lock or none; then reads the states. KEYS: locks..., states...; ARGV: token, lock ms, lock count.
 * A missing state reads as '' (a nil would cut Lua's reply short).
 */
const ACQUIRE = `
local n = tonumber(ARGV[3])
for i = 1, n do
  if not redis.call('SET', KEYS[i], ARGV[1], 'NX', 'PX', ARGV[2]) then
    for j = 1, i - 1 do redis.call('DEL', KEYS[j]) end
    return false
  end
end
local states = {}
for i = n + 1, #KEYS do states[#states + 1] = redis.call('GET', KEYS[i]) or '' end
return states`;

/**
 * Writes the new states and releases the locks, if the locks are still ours. If one expired and was
 * taken, another request may have read the old state: the states are dropped instead, so the next
 * reader rebuilds them from PostgreSQL, where this payment already is. ARGV: token, state ms, lock count, states...
 */
const COMMIT = `
local n = tonumber(ARGV[3])
local owned = true
for i = 1, n do
  if redis.call('GET', KEYS[i]) ~= ARGV[1] then owned = false end
end
for i = n + 1, #KEYS do
  if owned then redis.call('SET', KEYS[i], ARGV[3 + i - n], 'PX', ARGV[2]) else redis.call('DEL', KEYS[i]) end
end
for i = 1, n do
  if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('DEL', KEYS[i]) end
end
return owned and 1 or 0`;

const RELEASE = `
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('DEL', KEYS[i]) end
end
return 1`;

/** The state a payment reads, held exclusively for its account and device until committed or released. */
export interface StateLease {
  state: BehaviourState;
  /** True when Redis could not be used and the state was rebuilt from PostgreSQL. */
  degraded: boolean;
  /**
   * Stores the state after the payment (call once the payment is persisted) and releases the lease. The
   * caller need not wait: the locks are held until the state is stored, and shutdown waits for it.
   */
  commit(next: BehaviourState): Promise<void>;
  /** Releases without storing (the payment was not recorded). Safe to call after commit. */
  release(): Promise<void>;
}

interface RedisKeys {
  locks: string[];
  states: string[];
}

type ScriptClient = RedisService['client'] & {
  fraudStateAcquire(numKeys: number, ...args: (string | number)[]): Promise<string[] | null>;
  fraudStateCommit(numKeys: number, ...args: (string | number)[]): Promise<number>;
  fraudStateRelease(numKeys: number, ...args: (string | number)[]): Promise<number>;
};

/** Redis failed under a call of this store: the caller falls back to PostgreSQL. */
class StateStoreUnreachableError extends Error {
  override name = 'StateStoreUnreachableError';
}

async function inRedis<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new StateStoreUnreachableError((error as Error).message, { cause: error });
  }
}

const hashed = (tenantId: string, id: string) => createHash('sha256').update(`${tenantId}\u0000${id}`).digest('base64url').slice(0, 22);

/**
 * Behaviour state per account and per device. Redis holds it for speed; each payment takes its
 * account's and device's locks (in this process, then in Redis for the others), reads, and writes the
 * new state back once its decision is persisted, so concurrent payments of one account see each other.
 * A state Redis lacks is rebuilt from the payments in PostgreSQL; when Redis is unreachable, scoring
 * goes on from PostgreSQL (degraded, counted) and the states it touched are dropped from Redis when
 * Redis comes back, since they missed those payments. Keys hash the ids: no account number in Redis.
 */
@Injectable()
export class BehaviourStateStore implements OnApplicationShutdown {
  private readonly logger = new Logger(BehaviourStateStore.name);
  private readonly local = new KeyedMutex();
  /** Leases still storing their state or releasing their locks. */
  private readonly finishing = new Set<Promise<void>>();
  /** State keys written while Redis was unreachable: stale in Redis until dropped. */
  private readonly stale = new Set<string>();
  private readonly client: ScriptClient;
  private readonly degradedTotal;
  private readonly rebuilds;
  private readonly stateTtlMs: number;

  constructor(
    private readonly redis: RedisService,
    private readonly payments: TransactionsRepository,
    @Inject(APP_CONFIG) private readonly config: FraudConfig,
    metrics: Metrics,
  ) {
    this.client = redis.client as ScriptClient;
    this.client.defineCommand('fraudStateAcquire', { lua: ACQUIRE });
    this.client.defineCommand('fraudStateCommit', { lua: COMMIT });
    this.client.defineCommand('fraudStateRelease', { lua: RELEASE });
    this.client.on('ready', () => void this.dropStale());
    this.stateTtlMs = config.FRAUD_STATE_TTL_DAYS * 24 * 3_600_000;
    this.degradedTotal = metrics.counter('fraud_scoring_degraded_total', 'Payments scored from PostgreSQL-backed behaviour state because Redis was unreachable');
    this.rebuilds = metrics.counter('fraud_behaviour_state_rebuilds_total', 'Behaviour states rebuilt from PostgreSQL', ['cause']);
    const up = metrics.gauge('fraud_behaviour_state_redis_up', '1 when the behaviour state store (Redis) is reachable');
    metrics.onScrape(() => up.set(this.redis.isReady ? 1 : 0));
  }

  async acquire(tenantId: string, request: ScoreRequest): Promise<StateLease> {
    const deviceKey = deviceKeyOf(request);
    const ids = [`acct:${hashed(tenantId, request.account.id)}`, ...(deviceKey === null ? [] : [`dev:${hashed(tenantId, deviceKey)}`])];
    const releaseLocal = await this.local.acquire(ids);
    try {
      if (this.redis.isReady) {
        if (this.stale.size > 0) await this.dropStale();
        const keys = { locks: ids.map((id) => `fraud:lock:${id}`), states: ids.map((id) => `fraud:state:${id}`) };
        const lease = await this.fromRedis(tenantId, request, keys, releaseLocal).catch((error: unknown) => {
          if (!(error instanceof StateStoreUnreachableError)) throw error;
          this.logger.warn({ error: describeError(error) }, 'behaviour state store unreachable; scoring from PostgreSQL');
          return null;
        });
        if (lease) return lease;
      }
      return await this.fromPostgres(tenantId, request, ids, releaseLocal);
    } catch (error) {
      releaseLocal();
      throw error;
    }
  }

  private async fromRedis(tenantId: string, request: ScoreRequest, keys: RedisKeys, releaseLocal: () => void): Promise<StateLease> {
    const token = randomUUID();
    const lockMs = this.config.FRAUD_STATE_LOCK_MS;
    const args = [...keys.locks, ...keys.states, token, lockMs, keys.locks.length];
    const deadline = Date.now() + lockMs;
    let stored: string[] | null = null;
    for (let wait = 1; ; wait = Math.min(wait * 2, 25)) {
      stored = await inRedis(() => this.client.fraudStateAcquire(keys.locks.length + keys.states.length, ...args));
      if (stored) break;
      // Another process holds this account or device: it finishes within milliseconds.
      if (Date.now() + wait > deadline) throw new ServiceUnavailableException('this account is busy with another payment; retry shortly');
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    const [accountJson, deviceJson] = stored;
    let state: BehaviourState;
    try {
      const account = accountJson ? (JSON.parse(accountJson) as AccountState) : null;
      const device = deviceJson ? (JSON.parse(deviceJson) as DeviceState) : null;
      const complete = account !== null && (keys.states.length === 1 || device !== null);
      state = complete ? initialState(request, { account, device }) : await this.rebuild(tenantId, request, 'missing');
    } catch (error) {
      await this.client.fraudStateRelease(keys.locks.length, ...keys.locks, token).catch(() => undefined);
      throw error;
    }

    let done = false;
    const finish = (write: (() => Promise<unknown>) | null) => {
      if (done) return Promise.resolve();
      done = true;
      return this.tracked(async () => {
        try {
          if (write) await write();
          else await this.client.fraudStateRelease(keys.locks.length, ...keys.locks, token);
        } catch (error) {
          // The decision is already persisted; Redis missed this payment, so its state must be rebuilt later.
          keys.states.forEach((key) => this.stale.add(key));
          this.logger.warn({ error: describeError(error) }, 'could not store behaviour state; it will be rebuilt from PostgreSQL');
        } finally {
          releaseLocal();
        }
      });
    };
    return {
      state,
      degraded: false,
      commit: (next) =>
        finish(() => {
          const values = [JSON.stringify(next.account), ...(next.device ? [JSON.stringify(next.device)] : [])];
          return this.client.fraudStateCommit(keys.locks.length + keys.states.length, ...keys.locks, ...keys.states, token, this.stateTtlMs, keys.locks.length, ...values);
        }),
      release: () => finish(null),
    };
  }

  private async fromPostgres(tenantId: string, request: ScoreRequest, ids: string[], releaseLocal: () => void): Promise<StateLease> {
    this.degradedTotal.inc();
    const state = await this.rebuild(tenantId, request, 'redis_unreachable');
    let done = false;
    const finish = async () => {
      if (done) return;
      done = true;
      releaseLocal();
    };
    return {
      state,
      degraded: true,
      commit: async () => {
        ids.forEach((id) => this.stale.add(`fraud:state:${id}`));
        await finish();
      },
      release: finish,
    };
  }

  private async rebuild(tenantId: string, request: ScoreRequest, cause: 'missing' | 'redis_unreachable'): Promise<BehaviourState> {
    this.rebuilds.inc({ cause });
    const limit = this.config.FRAUD_STATE_REBUILD_LIMIT;
    const deviceKey = deviceKeyOf(request);
    const [accountHistory, deviceHistory] = await Promise.all([
      this.payments.paymentsOfAccount(tenantId, request.account.id, limit),
      deviceKey === null ? Promise.resolve([]) : this.payments.paymentsOfDevice(tenantId, deviceKey, limit),
    ]);
    return rebuildBehaviourState(request, accountHistory, deviceHistory);
  }

  /** Runs to completion even if nobody waits for it (an answer sent before its state was stored); shutdown waits for it. */
  private tracked(work: () => Promise<void>): Promise<void> {
    const running = work();
    this.finishing.add(running);
    void running.finally(() => this.finishing.delete(running));
    return running;
  }

  /** States still being stored go to Redis before its connection closes (the platform's modules shut down after this one). */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.finishing]);
  }

  /** Drops the states that missed payments while Redis was away; their next reader rebuilds them. */
  private async dropStale(): Promise<void> {
    if (this.stale.size === 0) return;
    const keys = [...this.stale];
    try {
      await this.client.del(...keys);
      keys.forEach((key) => this.stale.delete(key));
      this.logger.log({ states: keys.length }, 'dropped behaviour states that missed payments while Redis was unreachable');
    } catch (error) {
      this.logger.warn({ error: describeError(error) }, 'could not drop stale behaviour states yet');
    }
  }
}
