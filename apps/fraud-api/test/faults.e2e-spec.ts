import { PrismaService } from '@mosaic/platform-database';
import { eventually, httpClient, type ServiceHarness } from '@mosaic/platform-testing';
import type { FraudConfig } from '../src/config/fraud.config';
import { startFraud } from './support/fraud-service';
import { payment } from './support/payments.fixture';
import { TcpProxy } from './support/tcp-proxy';

type Body = Record<string, unknown>;

describe('fraud-api when Redis is unreachable', () => {
  let harness: ServiceHarness<FraudConfig>;

  // Nothing listens on 6390: the shared Redis stays up for everyone else.
  beforeAll(async () => {
    harness = await startFraud({ REDIS_URL: 'redis://127.0.0.1:6390' });
  });
  afterAll(async () => harness?.close());

  it('keeps scoring from PostgreSQL-backed behaviour state, marks the answers degraded, and counts them', async () => {
    const tenant = `redis-down-${Math.random().toString(36).slice(2, 8)}`;
    const score = httpClient(harness.url, await harness.keyFor(['fraud:score'], tenant));
    const account = { id: 'acc-degraded' };
    const first = await score<Body>('POST', '/v1/transactions/score', { json: payment({ account }, 2) });
    const second = await score<Body>('POST', '/v1/transactions/score', { json: payment({ account }, 1) });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first.body['degraded'], second.body['degraded']]).toEqual([true, true]);
    const rows = await harness.api.get(PrismaService).fraudTransaction.findMany({ where: { tenantId: tenant }, orderBy: { occurredAt: 'asc' } });
    expect(rows.map((r) => r.degraded)).toEqual([true, true]);
    // The second payment's state was rebuilt from the first one's row.
    expect((rows[1]?.features as { count1h: number }).count1h).toBe(1);
    const metrics = await httpClient(harness.url)('GET', '/metrics');
    expect(metrics.text).toMatch(/fraud_scoring_degraded_total\{[^}]*\} [2-9]/);
    expect(metrics.text).toMatch(/fraud_behaviour_state_redis_up\{[^}]*\} 0/);
  });

  it('answers 503 to work that needs the queue', async () => {
    const score = httpClient(harness.url, await harness.keyFor(['fraud:score']));
    const response = await score('POST', '/v1/transactions/score:batch', { json: { transactions: [payment()] } });
    expect(response.status).toBe(503);
  });
});

describe('fraud-api when PostgreSQL is unreachable', () => {
  let harness: ServiceHarness<FraudConfig>;
  const proxy = new TcpProxy('127.0.0.1', Number(new URL(process.env['DATABASE_URL'] as string).port || 5432));

  beforeAll(async () => {
    await proxy.start();
    const url = new URL(process.env['DATABASE_URL'] as string);
    url.host = `127.0.0.1:${proxy.port}`;
    harness = await startFraud({ DATABASE_URL: url.toString() });
  });
  afterAll(async () => {
    await harness?.close();
    await proxy.stop();
  });

  it('answers 503 without a decision, records nothing, and does not move the behaviour state', async () => {
    const tenant = `pg-down-${Math.random().toString(36).slice(2, 8)}`;
    const score = httpClient(harness.url, await harness.keyFor(['fraud:score'], tenant));
    const account = { id: 'acc-pg' };
    // Also puts the key in the service's cache, so the request gets past auth while the database is gone.
    expect((await score('POST', '/v1/transactions/score', { json: payment({ account }, 3) })).status).toBe(200);

    const port = proxy.port;
    await proxy.stop();
    const refused = payment({ account }, 2);
    const response = await score<Body>('POST', '/v1/transactions/score', { json: refused });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBeTruthy();
    expect(response.body).not.toHaveProperty('decision');
    expect(response.body).not.toHaveProperty('score');

    await proxy.start(port);
    const retried = await eventually(async () => {
      const again = await score<Body>('POST', '/v1/transactions/score', { json: refused });
      return again.status === 200 ? again : null;
    });
    expect(retried.body['degraded']).toBe(false);
    const rows = await harness.api.get(PrismaService).fraudTransaction.findMany({ where: { tenantId: tenant }, orderBy: { occurredAt: 'asc' } });
    expect(rows).toHaveLength(2);
    // The refused attempt left no trace in the account's state: the retry saw only the first payment.
    expect((rows[1]?.features as { count1h: number }).count1h).toBe(1);
  });
});
