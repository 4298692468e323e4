import { Module, type DynamicModule } from '@nestjs/common';
import { baseConfigSchema, parseConfig, type BaseConfig } from '@mosaic/platform-config';
import { eventually, httpClient, startService, type ServiceHarness } from '@mosaic/platform-testing';
import type { Logger } from '@mosaic/platform-observability';
import { createApi } from './bootstrap';
import { PlatformModule } from './platform.module';
import { SpineModule } from './spine/spine.module';

@Module({})
class HardeningTestModule {
  static register(config: BaseConfig, logger: Logger): DynamicModule {
    return {
      module: HardeningTestModule,
      imports: [
        PlatformModule.forRoot({ service: 'hardening-test', config, logger, queues: ['fraud-spine'] }),
        SpineModule.forService({ queue: 'fraud-spine', writeScope: 'fraud:score', readScope: 'fraud:score' }),
      ],
    };
  }
}

const service = (name: string) => ({
  name,
  loadConfig: (env: Record<string, string | undefined>) => parseConfig(baseConfigSchema, env),
  createApi: (config: BaseConfig, logger: Logger) =>
    createApi(HardeningTestModule.register(config, logger), { service: name, title: name, description: name, port: 0, config, logger, adminScope: 'fraud:admin' }),
});

describe('HTTP hardening', () => {
  let harness: ServiceHarness<BaseConfig>;
  beforeAll(async () => {
    harness = await startService(service('hardening'), { env: { RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(async () => harness?.close());

  it('limits each key per minute with 429 and Retry-After, counting keys apart', async () => {
    const key = await harness.keyFor(['fraud:score']);
    const request = httpClient(harness.url, key);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await request('GET', '/v1/pings/00000000-0000-0000-0000-000000000000')).status);
    expect(statuses).toEqual([404, 404, 404, 429]);
    const limited = await request('GET', '/v1/pings/00000000-0000-0000-0000-000000000000');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    const other = await harness.keyFor(['fraud:score']);
    expect((await httpClient(harness.url, other)('GET', '/v1/pings/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it('sets security headers, echoes a sane request id, and replaces an insane one', async () => {
    const request = httpClient(harness.url);
    const echoed = await request('GET', '/health/live', { headers: { 'x-request-id': 'abc-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('abc-123');
    expect(echoed.headers.get('x-content-type-options')).toBe('nosniff');
    expect(echoed.headers.get('x-powered-by')).toBeNull();
    const replaced = await request('GET', '/health/live', { headers: { 'x-request-id': '<script>'.repeat(20) } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports not ready, and answers 503 rather than queueing, when Redis is unreachable', async () => {
    const down = await startService(service('hardening-redis-down'), { env: { REDIS_URL: 'redis://127.0.0.1:6390' } });
    try {
      const ready = await httpClient(down.url)('GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'unavailable', checks: { redis: { status: 'down' }, database: { status: 'up' } } });
      const key = await down.keyFor(['fraud:score']);
      const created = await httpClient(down.url, key)('POST', '/v1/pings', { json: { message: 'queued?', repeat: 1 } });
      expect(created.status).toBe(503);
      expect(created.headers.get('retry-after')).toBe('1');
    } finally {
      await down.close();
    }
  });

  it('answers 503 without a stack trace when PostgreSQL is unreachable', async () => {
    const down = await startService(service('hardening-db-down'), { env: { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5499/mosaic_unreachable' } });
    try {
      const response = await eventually(async () => {
        const r = await httpClient(down.url, `mk_0123456789ab_${'a'.repeat(43)}`)('GET', '/v1/pings/x');
        return r.status === 503 ? r : null;
      });
      expect(response.text).not.toMatch(/at .*\.ts:\d+/);
      expect(response.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    } finally {
      await down.close();
    }
  });
});
