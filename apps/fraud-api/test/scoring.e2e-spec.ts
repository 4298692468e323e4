import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DECISIONS, REASON_CODES, type ScoreRequest } from '@mosaic/fraud';
import { PrismaService } from '@mosaic/platform-database';
import { eventually, httpClient, type ServiceHarness } from '@mosaic/platform-testing';
import type { FraudConfig } from '../src/config/fraud.config';
import { DailyMetricsService } from '../src/monitoring/daily-metrics.service';
import { startFraud } from './support/fraud-service';
import { notOkPayments, okPayments, payment } from './support/payments.fixture';

type Body = Record<string, unknown>;

describe('fraud-api scoring, feedback, thresholds, batches and shadow mode', () => {
  let harness: ServiceHarness<FraudConfig>;
  let prisma: PrismaService;
  let tenant: string;
  let score: ReturnType<typeof httpClient>;
  let admin: ReturnType<typeof httpClient>;
  let labeller: ReturnType<typeof httpClient>;
  let shadowVersion: string;
  const callbacks: { headers: IncomingHttpHeaders; body: string }[] = [];
  let callbackServer: Server;
  let callbackUrl: string;

  const rows = (transactionId: string) => prisma.fraudTransaction.findMany({ where: { tenantId: tenant, transactionId } });

  beforeAll(async () => {
    shadowVersion = '1.0.0/tabular';
    harness = await startFraud(
      {
        FRAUD_SHADOW_MODEL: shadowVersion,
        FRAUD_RECALIBRATION_MIN_SAMPLES: '30',
        FRAUD_RECALIBRATION_MAX_STEP: '0.3',
        FRAUD_TARGET_REVIEW_RATE: '0.1',
        FRAUD_TARGET_FALSE_POSITIVE_RATE: '0.05',
        FRAUD_THRESHOLD_REFRESH_MS: '100',
      },
      true,
    );
    prisma = harness.api.get(PrismaService);
    tenant = `bank-${Math.random().toString(36).slice(2, 8)}`;
    score = httpClient(harness.url, await harness.keyFor(['fraud:score'], tenant));
    admin = httpClient(harness.url, await harness.keyFor(['fraud:admin'], tenant));
    labeller = httpClient(harness.url, await harness.keyFor(['fraud:feedback'], tenant));
    callbackServer = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        callbacks.push({ headers: request.headers, body });
        // The first delivery fails, so the retry path is exercised too.
        response.statusCode = callbacks.length === 1 ? 500 : 204;
        response.end();
      });
    });
    await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
    callbackUrl = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/hooks/batches`;
  });

  afterAll(async () => {
    await harness?.close();
    await new Promise((resolve) => callbackServer?.close(resolve));
  });

  it('scores every valid shape, explains the decision with stable codes, and has it in PostgreSQL when it answers', async () => {
    for (const request of okPayments()) {
      const response = await score<Body>('POST', '/v1/transactions/score', { json: request });
      expect(response.status).toBe(200);
      const body = response.body;
      expect(body['transactionId']).toBe(request.transactionId);
      expect(body['score']).toBeGreaterThanOrEqual(0);
      expect(body['score']).toBeLessThanOrEqual(1);
      expect(DECISIONS).toContain(body['decision']);
      expect(body['thresholds']).toMatchObject({ review: 0.5, decline: 0.9, version: 0 });
      expect(String(body['modelVersion'])).toMatch(/^fraud-moe@\d+\.\d+\.\d+/);
      expect(body['degraded']).toBe(false);
      const reasons = body['reasons'] as { code: string; contribution: number }[];
      for (const reason of reasons) {
        expect(REASON_CODES).toContain(reason.code);
        expect(reason.contribution).toBeGreaterThan(0);
      }
      const experts = body['experts'] as { expert: number; weight: number }[];
      expect(experts.length).toBeGreaterThan(0);
      expect(experts.map((e) => e.weight)).toEqual([...experts.map((e) => e.weight)].sort((a, b) => b - a));
      const [row] = await rows(request.transactionId);
      expect(row).toMatchObject({ decision: body['decision'], score: body['score'], thresholdsVersion: 0, modelVersion: body['modelVersion'] });
      // The features' summary holds aggregate facts, never the memo or the holder's profile.
      expect(JSON.stringify(row?.features)).not.toMatch(/Psychologist|1988-03-09|refund for order|公安/);
    }
    // Nor do the logs of the API and the worker.
    expect(harness.logs()).toContain('/v1/transactions/score');
    expect(harness.logs()).not.toMatch(/Psychologist|1988-03-09|refund for order|公安/);
  });

  it('documents every reason code in the OpenAPI schema of the score response', async () => {
    const docs = await httpClient(harness.url)<{ paths: Record<string, unknown> }>('GET', '/docs-json');
    const text = JSON.stringify(docs.body.paths['/v1/transactions/score']);
    for (const code of REASON_CODES) expect(text).toContain(code);
  });

  it('answers a repeated transaction id with the stored decision and writes nothing new, even for concurrent duplicates', async () => {
    const request = payment();
    const first = await score<Body>('POST', '/v1/transactions/score', { json: request });
    const again = await score<Body>('POST', '/v1/transactions/score', { json: { ...request, amount: 99_999 } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await rows(request.transactionId)).toHaveLength(1);

    const racing = payment();
    const answers = await Promise.all(Array.from({ length: 8 }, () => score<Body>('POST', '/v1/transactions/score', { json: racing })));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    for (const answer of answers) expect(answer.body).toEqual(answers[0]?.body);
    expect(await rows(racing.transactionId)).toHaveLength(1);
  });

  it('applies concurrent payments of one account one after the other: each sees all those before it', async () => {
    const account = { id: `acc-busy-${Date.now()}` };
    const timestamp = new Date().toISOString();
    const requests = Array.from({ length: 12 }, () => payment({ account, timestamp }));
    const answers = await Promise.all(requests.map((json) => score('POST', '/v1/transactions/score', { json })));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    const stored = await prisma.fraudTransaction.findMany({ where: { tenantId: tenant, accountId: account.id } });
    const seen = stored.map((row) => (row.features as { count1h: number }).count1h).sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it('refuses bad input with 4xx listing every bad path, and writes nothing', async () => {
    const badTenant = `bad-${Math.random().toString(36).slice(2, 8)}`;
    const stranger = httpClient(harness.url, await harness.keyFor(['fraud:score'], badTenant));
    for (const { name, body, paths } of notOkPayments()) {
      const response = await stranger<Body>('POST', '/v1/transactions/score', { json: body });
      expect({ name, status: response.status }).toEqual({ name, status: 400 });
      const details = response.body['details'] as { path: string }[];
      expect({ name, paths: [...new Set(details.map((d) => d.path))].sort() }).toEqual({ name, paths: [...paths].sort() });
    }
    const huge = await stranger('POST', '/v1/transactions/score', { json: payment({ memo: 'x'.repeat(10 * 1024 * 1024) }) });
    expect(huge.status).toBe(413);
    let deep: Record<string, unknown> = { end: true };
    for (let i = 0; i < 60; i += 1) deep = { nested: deep };
    const nested = await stranger('POST', '/v1/transactions/score', { json: { ...payment(), merchant: deep } });
    expect(nested.status).toBe(400);
    const text = await stranger('POST', '/v1/transactions/score', { body: 'amount=5', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(400);
    expect(await prisma.fraudTransaction.count({ where: { tenantId: badTenant } })).toBe(0);
  });

  it('stores feedback labels for the tenant’s own transactions only', async () => {
    const request = payment();
    await score('POST', '/v1/transactions/score', { json: request });
    const path = `/v1/transactions/${request.transactionId}/feedback`;
    expect((await labeller('POST', path, { json: { label: 'fraud', source: 'chargeback' } })).status).toBe(204);
    expect((await labeller('POST', path, { json: { label: 'legitimate', source: 'customer', at: '2020-01-01T00:00:00Z' } })).status).toBe(204);
    const [row] = await rows(request.transactionId);
    // The later label stands; the earlier-dated one is kept in the history only.
    expect(row?.label).toBe('fraud');
    expect(await prisma.fraudFeedback.count({ where: { tenantId: tenant, transactionId: request.transactionId } })).toBe(2);

    const bad = await labeller<Body>('POST', path, { json: { label: 'maybe', source: 'psychic' } });
    expect(bad.status).toBe(400);
    expect((bad.body['details'] as { path: string }[]).map((d) => d.path).sort()).toEqual(['label', 'source']);
    expect((await labeller('POST', '/v1/transactions/no-such-tx/feedback', { json: { label: 'fraud', source: 'analyst' } })).status).toBe(404);
    const outsider = httpClient(harness.url, await harness.keyFor(['fraud:feedback']));
    expect((await outsider('POST', path, { json: { label: 'fraud', source: 'analyst' } })).status).toBe(404);
    expect((await score('POST', path, { json: { label: 'fraud', source: 'analyst' } })).status).toBe(403);
  });

  it('recalibrates thresholds from recent scores and labels, stores why, leaves frozen segments alone, and scoring picks the new version up', async () => {
    const frozen = await admin<Body>('PUT', '/v1/thresholds/pos', { json: { frozen: true, reason: 'incident under review' } });
    expect(frozen.status).toBe(200);
    expect(frozen.body).toMatchObject({ segment: 'pos', version: 1, frozen: true, trigger: 'manual', reason: 'incident under review' });

    const scored: ScoreRequest[] = [];
    for (let i = 0; i < 40; i += 1) {
      for (const channel of ['online', 'pos'] as const) {
        const request = payment({ channel, amount: 5 + i * 17.5 });
        scored.push(request);
        expect((await score('POST', '/v1/transactions/score', { json: request })).status).toBe(200);
      }
    }
    await labeller('POST', `/v1/transactions/${scored[0]?.transactionId}/feedback`, { json: { label: 'legitimate', source: 'analyst' } });

    expect((await admin('POST', '/v1/thresholds/recalibrate')).status).toBe(202);
    const online = await eventually(async () => {
      const view = await admin<{ segments: Body[] }>('GET', '/v1/thresholds');
      const segment = view.body.segments.find((s) => s['segment'] === 'online');
      return segment && (segment['version'] as number) >= 1 ? segment : null;
    });
    expect(online).toMatchObject({ trigger: 'recalibration', frozen: false, targets: { reviewRate: 0.1, falsePositiveRate: 0.05 } });
    expect(String(online['reason'])).toMatch(/false-positive rate of 5\.00%/);
    const view = await admin<{ segments: Body[] }>('GET', '/v1/thresholds');
    expect(view.body.segments.find((s) => s['segment'] === 'pos')).toMatchObject({ version: 1, frozen: true });

    const history = await admin<{ versions: Body[] }>('GET', '/v1/thresholds/history?segment=online');
    expect(history.body.versions[0]).toMatchObject({ version: online['version'], stats: expect.objectContaining({ samples: expect.any(Number) }) });

    const picked = await eventually(async () => {
      const response = await score<Body>('POST', '/v1/transactions/score', { json: payment({ channel: 'online' }) });
      return (response.body['thresholds'] as Body)['version'] === online['version'] ? response.body : null;
    }, 5_000);
    expect(picked['thresholds']).toMatchObject({ review: online['review'], decline: online['decline'] });
    expect((await admin('PUT', '/v1/thresholds/fax', { json: { frozen: true, reason: 'no such segment' } })).status).toBe(404);
    expect((await admin('PUT', '/v1/thresholds/online', { json: { review: 0.9, decline: 0.5, reason: 'inverted' } })).status).toBe(400);
    expect((await score('GET', '/v1/thresholds')).status).toBe(403);
  });

  it('scores a batch through the queue in request order, shows progress, and calls back signed, retrying a failed delivery', async () => {
    const shared = { id: `acc-batch-${Date.now()}` };
    const already = payment();
    const direct = await score<Body>('POST', '/v1/transactions/score', { json: already });
    const transactions = [already, ...Array.from({ length: 24 }, (_, i) => payment(i % 3 === 0 ? { account: shared } : {}, 24 - i))];
    const submitted = await score<Body>('POST', '/v1/transactions/score:batch', { json: { transactions, callbackUrl } });
    expect(submitted.status).toBe(202);
    expect(submitted.body).toMatchObject({ status: 'queued' });
    const batchId = String(submitted.body['batchId']);

    const done = await eventually(async () => {
      const polled = await score<Body>('GET', `/v1/batches/${batchId}`);
      return polled.body['status'] === 'completed' ? polled.body : null;
    }, 30_000);
    expect(done).toMatchObject({ total: 25, processed: 25, failed: 0 });
    const results = done['results'] as { index: number; transactionId: string; status: string; result: Body }[];
    expect(results.map((r) => r.transactionId)).toEqual(transactions.map((t) => t.transactionId));
    expect(results.every((r, i) => r.index === i && r.status === 'scored')).toBe(true);
    expect(results[0]?.result).toEqual(direct.body);

    const delivered = await eventually(async () => (callbacks.length >= 2 ? callbacks : null), 20_000);
    const last = delivered.at(-1) as { headers: IncomingHttpHeaders; body: string };
    const [t, v1] = String(last.headers['x-mosaic-signature']).split(',').map((part) => part.split('=')[1]);
    expect(createHmac('sha256', harness.config.FRAUD_CALLBACK_SECRET).update(`${t}.${last.body}`).digest('hex')).toBe(v1);
    expect(JSON.parse(last.body)).toMatchObject({ event: 'batch.completed', batchId, status: 'completed', total: 25 });
    const settled = await eventually(async () => {
      const polled = await score<Body>('GET', `/v1/batches/${batchId}`);
      return (polled.body['callback'] as Body)['status'] === 'delivered' ? polled.body : null;
    });
    expect(settled['callback']).toMatchObject({ attempts: 2 });

    const bad = await score<Body>('POST', '/v1/transactions/score:batch', { json: { transactions: [payment(), payment({ amount: -1 })], callbackUrl: 'ftp://x' } });
    expect(bad.status).toBe(400);
    expect((bad.body['details'] as { path: string }[]).map((d) => d.path).sort()).toEqual(['callbackUrl', 'transactions.1.amount']);
    expect((await score('GET', '/v1/batches/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    const outsider = httpClient(harness.url, await harness.keyFor(['fraud:score']));
    expect((await outsider('GET', `/v1/batches/${batchId}`)).status).toBe(404);
  });

  it('scores the same traffic with a shadow version and stores its scores without letting it decide', async () => {
    const request = payment();
    const response = await score<Body>('POST', '/v1/transactions/score', { json: request });
    expect(response.body).not.toHaveProperty('shadowScores');
    const [row] = await rows(request.transactionId);
    const shadows = row?.shadowScores as { modelVersion: string; score: number; decision: string }[];
    expect(shadows).toHaveLength(1);
    expect(shadows[0]?.modelVersion).toBe(`fraud-moe@${shadowVersion}`);
    expect(DECISIONS).toContain(shadows[0]?.decision);
    expect(row?.decision).toBe(response.body['decision']);
  });

  it('computes precision, recall and false-positive rate from the labels and exposes them as metrics', async () => {
    const labelled = Array.from({ length: 4 }, () => payment());
    for (const request of labelled) await score('POST', '/v1/transactions/score', { json: request });
    for (const [i, request] of labelled.entries()) {
      await labeller('POST', `/v1/transactions/${request.transactionId}/feedback`, { json: { label: i % 2 ? 'fraud' : 'legitimate', source: 'analyst' } });
    }
    const today = new Date().toISOString().slice(0, 10);
    await (harness.worker as NonNullable<typeof harness.worker>).get(DailyMetricsService).compute(today);
    const day = await prisma.fraudDailyMetric.findFirst({ where: { tenantId: tenant, segment: 'online', day: new Date(`${today}T00:00:00Z`) } });
    expect(day?.labelled).toBeGreaterThanOrEqual(4);
    const metrics = await httpClient(harness.url)('GET', '/metrics');
    expect(metrics.text).toMatch(new RegExp(`fraud_decision_recall\\{[^}]*tenant="${tenant}"[^}]*segment="online"`));
    expect(metrics.text).toMatch(new RegExp(`fraud_decision_false_positive_rate\\{[^}]*tenant="${tenant}"`));
    expect(metrics.text).toContain('fraud_decisions_total{');
  });
});
