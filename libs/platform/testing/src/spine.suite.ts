import type { Scope } from '@mosaic/platform-auth';
import type { BaseConfig } from '@mosaic/platform-config';
import { httpClient } from './http-client';
import { auditRoutes } from './route-audit';
import { eventually, startService, type ServiceHarness, type ServiceUnderTest } from './service-harness';

/** Valid and invalid ping bodies (STYLE.md habit 9: ok/ and not-ok/ payload sets). */
export const pingPayloads = {
  ok: [
    { message: 'hello', repeat: 1 },
    { message: '  spaced  ', repeat: 10 },
  ],
  notOk: [
    { body: { message: '', repeat: 0, colour: 'red' }, paths: ['message', 'repeat', ''] },
    { body: { message: 42, repeat: 'three' }, paths: ['message', 'repeat'] },
    { body: { repeat: 2.5 }, paths: ['message', 'repeat'] },
    { body: [], paths: [''] },
  ],
};

/** Personal data that the spine carries and that must never reach a log line. */
const PERSONAL = { name: 'Zhang Wei', card: '4111111111111111', account: 'acc-778812' };

/**
 * The promises every API makes, proven through HTTP against the real PostgreSQL and Redis with the
 * app's real worker: 401, 403, 404 across tenants, 400 listing every bad field, 413, a job processed
 * and its result stored, health and metrics open, every route guarded, and no personal data logged.
 */
export function describeServiceSpine<C extends BaseConfig>(
  service: ServiceUnderTest<C>,
  scopes: { write: Scope; read: Scope; unrelated: Scope; admin: Scope },
): void {
  describe(`${service.name} spine`, () => {
    let harness: ServiceHarness<C>;
    let writer: string;
    let reader: string;

    beforeAll(async () => {
      harness = await startService(service, { worker: true });
      const tenant = `spine-${Math.random().toString(36).slice(2, 8)}`;
      writer = await harness.keyFor([scopes.write, scopes.read], tenant);
      reader = await harness.keyFor([scopes.read], tenant);
    });
    afterAll(async () => harness?.close());

    it('answers 401 without a key and with an unknown key', async () => {
      const request = httpClient(harness.url);
      const missing = await request('POST', '/v1/pings', { json: pingPayloads.ok[0] });
      expect(missing.status).toBe(401);
      expect(missing.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', details: [] });
      const unknown = await request('POST', '/v1/pings', { json: pingPayloads.ok[0], key: `mk_000000000000_${'x'.repeat(43)}` });
      expect(unknown.status).toBe(401);
    });

    it('answers 403 to a key without the route scope', async () => {
      const other = await harness.keyFor([scopes.unrelated]);
      const response = await httpClient(harness.url, other)('POST', '/v1/pings', { json: pingPayloads.ok[0] });
      expect(response.status).toBe(403);
      expect(String(response.body['message'])).toContain(scopes.write);
      if (scopes.read !== scopes.write) {
        expect((await httpClient(harness.url, reader)('POST', '/v1/pings', { json: pingPayloads.ok[0] })).status).toBe(403);
      }
    });

    it.each(pingPayloads.notOk)('answers 400 listing every bad field of %j', async ({ body, paths }) => {
      const response = await httpClient(harness.url, writer)('POST', '/v1/pings', { json: body });
      expect(response.status).toBe(400);
      const details = response.body['details'] as { path: string }[];
      expect(details.map((d) => d.path).sort()).toEqual([...paths].sort());
    });

    it('answers 400 to malformed JSON and 413 to a body over the limit, writing nothing', async () => {
      const request = httpClient(harness.url, writer);
      const malformed = await request('POST', '/v1/pings', { body: '{"message": ', headers: { 'content-type': 'application/json' } });
      expect(malformed.status).toBe(400);
      const huge = await request('POST', '/v1/pings', { json: { message: 'x'.repeat(2 * 1024 * 1024), repeat: 1 } });
      expect(huge.status).toBe(413);
      expect(huge.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    });

    it('stores a ping, queues it, and the worker completes it exactly once', async () => {
      const request = httpClient(harness.url, writer);
      const created = await request('POST', '/v1/pings', { json: { message: 'echo', repeat: 3 } });
      expect(created.status).toBe(202);
      expect(created.body['status']).toBe('queued');
      const done = await eventually(async () => {
        const polled = await httpClient(harness.url, reader)('GET', `/v1/pings/${String(created.body['pingId'])}`);
        return polled.body['status'] === 'completed' ? polled.body : null;
      });
      expect(done['result']).toBe('echo echo echo');
    });

    it("answers 404, not 403, for another tenant's resource", async () => {
      const created = await httpClient(harness.url, writer)('POST', '/v1/pings', { json: pingPayloads.ok[0] });
      const stranger = await harness.keyFor([scopes.read]);
      const response = await httpClient(harness.url, stranger)('GET', `/v1/pings/${String(created.body['pingId'])}`);
      expect(response.status).toBe(404);
    });

    it('serves health, metrics and OpenAPI, and keeps the queue dashboard behind the admin scope', async () => {
      const request = httpClient(harness.url);
      expect((await request('GET', '/health/live')).status).toBe(200);
      const ready = await request('GET', '/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: 'ok', checks: { database: { status: 'up' }, redis: { status: 'up' } } });
      const metrics = await request('GET', '/metrics');
      expect(metrics.text).toContain('http_request_duration_seconds_bucket');
      expect(metrics.text).toContain('queue_jobs{');
      const docs = await request<{ paths: Record<string, unknown> }>('GET', '/docs-json');
      expect(Object.keys(docs.body.paths)).toContain('/v1/pings');
      expect((await request('GET', '/admin/queues')).status).toBe(401);
      expect((await httpClient(harness.url, writer)('GET', '/admin/queues')).status).toBe(403);
      const admin = await harness.keyFor([scopes.admin]);
      expect((await httpClient(harness.url, admin)('GET', '/admin/queues')).status).toBe(200);
    });

    it('guards every route: each is public (health, metrics) or declares the scopes it needs', () => {
      const routes = auditRoutes(harness.api);
      expect(routes.length).toBeGreaterThan(3);
      const unguarded = routes.filter((r) => !r.public && r.scopes.length === 0).map((r) => r.route);
      expect(unguarded).toEqual([]);
      const open = routes.filter((r) => r.public).map((r) => r.route);
      expect(open.every((route) => /^GET \/(health|metrics)/.test(route))).toBe(true);
    });

    it('never logs personal data or keys', async () => {
      const request = httpClient(harness.url, writer);
      const message = `${PERSONAL.name} card ${PERSONAL.card} account ${PERSONAL.account}`;
      const created = await request('POST', '/v1/pings', { json: { message, repeat: 1 }, headers: { 'x-request-id': 'pii-check' } });
      await request('POST', '/v1/pings', { json: { message, repeat: 99 } });
      await eventually(async () => {
        const polled = await httpClient(harness.url, reader)('GET', `/v1/pings/${String(created.body['pingId'])}`);
        return polled.body['status'] === 'completed';
      });
      const logs = harness.logs();
      expect(logs).toContain('pii-check');
      for (const value of [...Object.values(PERSONAL), writer.slice(16)]) expect(logs).not.toContain(value);
    });
  });
}
