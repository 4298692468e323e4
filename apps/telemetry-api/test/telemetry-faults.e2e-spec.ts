import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { PrismaService } from '@mosaic/platform-database';
import { RedisService } from '@mosaic/platform-messaging';
import { captureLogs, eventually, httpClient, type ServiceHarness } from '@mosaic/platform-testing';
import type { TelemetryConfig } from '../src/config/telemetry.config';
import { at, FIXTURE_ENV, float32Body, gaussianSignal, impulsiveSignal, startTelemetry, telemetryService } from './telemetry.harness';

describe('telemetry-api under faults', () => {
  it('answers 503 with Retry-After when Redis is down, and stores nothing', async () => {
    const harness = await startTelemetry('redis-down', { worker: false, env: { REDIS_URL: 'redis://127.0.0.1:6390' } });
    try {
      const tenant = `redis-down-${Math.random().toString(36).slice(2, 8)}`;
      const client = httpClient(harness.url, await harness.keyFor(['telemetry:write', 'telemetry:read'], tenant));
      expect((await client('POST', '/v1/assets', { json: { assetId: 'pump-1' } })).status).toBe(201);
      const json = await client('POST', '/v1/telemetry', {
        json: { assetId: 'pump-1', startedAt: at(Date.UTC(2026, 10, 3), 0), sampleRateHz: 12_000, channels: { vibration: Array.from(gaussianSignal(12_000, 0.5)) } },
      });
      expect(json.status).toBe(503);
      expect(json.headers.get('retry-after')).toBe('1');
      const binary = await client('POST', `/v1/telemetry?assetId=pump-1&startedAt=${encodeURIComponent(at(Date.UTC(2026, 10, 3), 0))}&sampleRateHz=12000`, {
        body: float32Body(gaussianSignal(12_000, 0.5)),
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(binary.status).toBe(503);
      expect(await harness.api.get(PrismaService).telemetryBatch.count({ where: { tenantId: tenant } })).toBe(0);
      // Synchronous prediction needs no queue.
      expect((await client('POST', '/v1/predict', { json: { sampleRateHz: 12_000, vibration: Array.from(impulsiveSignal(12_000, 0.5)) } })).status).toBe(200);
    } finally {
      await harness.close();
    }
  });

  describe('a worker killed mid-batch', () => {
    let harness: ServiceHarness<TelemetryConfig>;
    let child: ChildProcess | undefined;
    let replacement: INestApplicationContext | undefined;

    beforeAll(async () => {
      harness = await startTelemetry('killed-worker', { worker: false });
    });
    afterAll(async () => {
      child?.kill('SIGKILL');
      await replacement?.close();
      await harness?.close();
    });

    it('has its batch retried, and the predictions are stored exactly once', async () => {
      // A separate process, so that it can really die: SIGKILL, no shutdown hooks, the job left active with its lock.
      const env = { ...process.env, ...FIXTURE_ENV, REDIS_PREFIX: harness.config.REDIS_PREFIX, WINDOW_HOP_SAMPLES: '64', WORKER_CONCURRENCY: '1', LOG_LEVEL: 'info' };
      child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, '../src/worker.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
      const started = Date.now();
      await eventually(async () => output.includes('telemetry-worker consuming'), 60_000);
      const childBoot = Date.now() - started;

      const client = httpClient(harness.url, await harness.keyFor(['telemetry:write', 'telemetry:read']));
      await client('POST', '/v1/assets', { json: { assetId: 'mill-3' } });
      const accepted = await client('POST', `/v1/telemetry?assetId=mill-3&startedAt=${encodeURIComponent(at(Date.UTC(2026, 10, 4), 0))}&sampleRateHz=100000`, {
        body: float32Body(impulsiveSignal(100_000, 10)),
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(accepted.status).toBe(202);
      const batchId = String(accepted.body['batchId']);
      const prisma = harness.api.get(PrismaService);
      await eventually(async () => (await prisma.telemetryBatch.findUnique({ where: { id: batchId } }))?.status === 'processing', 30_000, 5);
      child.kill('SIGKILL');
      await new Promise((resolve) => child?.once('exit', resolve));
      expect(await prisma.telemetryPrediction.count({ where: { batchId } })).toBe(0);

      // BullMQ retries a job whose worker died once its lock has expired (30 s) and a stalled check has
      // seen it active twice; fast-forward that time in Redis as it would pass (lock gone, job seen active,
      // no check in the last interval) so that the replacement's first check moves the job back to wait.
      const redis = harness.api.get(RedisService).client;
      await redis.del(`telemetry-batches:${batchId}:lock`, 'telemetry-batches:stalled-check');
      await redis.sadd('telemetry-batches:stalled', batchId);
      const killedAt = Date.now();
      const logs = captureLogs('telemetry-worker');
      replacement = await telemetryService.startWorker?.({ ...harness.config, WINDOW_HOP_SAMPLES: 64 }, logs.logger);
      const batch = await eventually(async () => {
        const row = await prisma.telemetryBatch.findUnique({ where: { id: batchId } });
        return row?.status === 'completed' ? row : null;
      }, 100_000, 250);
      const stored = await prisma.telemetryPrediction.findMany({ where: { batchId }, select: { windowIndex: true } });
      expect(stored).toHaveLength(batch.windows);
      expect(new Set(stored.map((s) => s.windowIndex)).size).toBe(batch.windows);
      expect(batch.attempts).toBeGreaterThanOrEqual(2);
      process.stdout.write(`child boot ${childBoot} ms, retry ${Date.now() - killedAt} ms\n`);
    }, 180_000);
  });
});
