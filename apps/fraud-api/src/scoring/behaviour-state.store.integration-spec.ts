import { RedisService } from '@mosaic/platform-messaging';
import { Metrics } from '@mosaic/platform-observability';
import { eventually } from '@mosaic/platform-testing';
import { type ScoreRequest, type StoredPayment, applyTransaction, storedPaymentOf } from '@mosaic/fraud';
import { loadFraudConfig } from '../config/fraud.config';
import { BehaviourStateStore } from './behaviour-state.store';
import type { TransactionsRepository } from './scoring.repository';

/** PostgreSQL's part, in memory: the payments "persisted" so far. */
class MemoryPayments {
  readonly stored: StoredPayment[] = [];
  paymentsOfAccount = async (_tenant: string, accountId: string) => this.stored.filter((p) => p.accountId === accountId);
  paymentsOfDevice = async (_tenant: string, deviceKey: string) => this.stored.filter((p) => p.deviceKey === deviceKey);
}

const request = (account: string, n: number): ScoreRequest => ({
  transactionId: `${account}-${n}`,
  timestamp: new Date(Date.UTC(2026, 10, 26, 12, 0, n)).toISOString(),
  amount: 10 + n,
  currency: 'EUR',
  account: { id: account },
  device: { fingerprint: `fp-${account}` },
});

describe('BehaviourStateStore against Redis', () => {
  const config = loadFraudConfig({ ...process.env, FRAUD_STATE_LOCK_MS: '2000' });
  const redisA = new RedisService(config);
  const redisB = new RedisService(config);
  const payments = new MemoryPayments();
  // Two stores on two connections stand for two processes of the service (the API and the worker).
  const storeA = new BehaviourStateStore(redisA, payments as unknown as TransactionsRepository, config, new Metrics('test-a'));
  const storeB = new BehaviourStateStore(redisB, payments as unknown as TransactionsRepository, config, new Metrics('test-b'));
  const tenant = `t-${Date.now()}`;

  beforeAll(() => eventually(async () => redisA.isReady && redisB.isReady));
  afterAll(async () => {
    await redisA.onApplicationShutdown();
    await redisB.onApplicationShutdown();
  });

  /** One scoring step: read the state, "persist" the payment, write the state after it. */
  async function step(store: BehaviourStateStore, next: ScoreRequest): Promise<number> {
    const lease = await store.acquire(tenant, next);
    try {
      const seen = lease.state.account.count;
      await new Promise((r) => setTimeout(r, Math.random() * 3));
      payments.stored.push(storedPaymentOf(next));
      await lease.commit(applyTransaction(lease.state, next));
      return seen;
    } finally {
      await lease.release();
    }
  }

  it('serialises concurrent payments of one account across processes: each sees every earlier one', async () => {
    const seen = await Promise.all(Array.from({ length: 24 }, (_, n) => step(n % 2 ? storeA : storeB, request('acc-race', n))));
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, n) => n));
    const lease = await storeA.acquire(tenant, request('acc-race', 99));
    expect(lease.state.account.count).toBe(24);
    expect(lease.state.device?.count).toBe(24);
    expect(lease.degraded).toBe(false);
    await lease.release();
  });

  it('rebuilds from PostgreSQL a state that Redis lost, to the same value', async () => {
    for (let n = 0; n < 5; n += 1) await step(storeA, request('acc-lost', n));
    const kept = await storeA.acquire(tenant, request('acc-lost', 5));
    const before = kept.state;
    await kept.release();
    const keys = await redisA.client.keys(`${config.REDIS_PREFIX}:fraud:state:*`);
    await redisA.client.del(...keys.map((k) => k.slice(config.REDIS_PREFIX.length + 1)));
    const rebuilt = await storeB.acquire(tenant, request('acc-lost', 5));
    expect(rebuilt.state).toEqual(before);
    expect(rebuilt.degraded).toBe(false);
    await rebuilt.release();
  });

  it('releases the account when a payment is abandoned, without changing its state', async () => {
    const lease = await storeA.acquire(tenant, request('acc-abandon', 0));
    await lease.release();
    const again = await storeB.acquire(tenant, request('acc-abandon', 1));
    expect(again.state.account.count).toBe(0);
    await again.release();
  });
});
