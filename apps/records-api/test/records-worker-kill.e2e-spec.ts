import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { PrismaService } from '@mosaic/platform-database';
import { captureLogs, eventually, httpClient, startService, type ServiceHarness } from '@mosaic/platform-testing';
import type { RecordsConfig } from '../src/config/records.config';
import type { DocumentView } from '../src/documents/dto/document.dto';
import { chineseDischarge, englishOutpatient } from './fixtures/clinical-documents';
import { ownQueues, recordsService } from './records-service';

/**
 * A worker process killed with SIGKILL while it extracts. It runs alone in its file; most of its time
 * is BullMQ waiting for the dead worker's job locks to expire (QUEUE_LOCK_MS, 10 s here against 30 s
 * by default) before a stalled check hands the jobs to the replacement.
 */
const env = { ...ownQueues('kill'), QUEUE_LOCK_MS: '10000' };

describe('records-api worker killed mid-job', () => {
  let harness: ServiceHarness<RecordsConfig>;
  let prisma: PrismaService;
  let writer: string;

  beforeAll(async () => {
    harness = await startService(recordsService, { worker: false, env });
    prisma = harness.api.get(PrismaService);
    writer = await harness.keyFor(['records:write', 'records:read']);
  });
  afterAll(async () => harness?.close());

  const status = async (documentId: string) => (await httpClient(harness.url, writer)<DocumentView>('GET', `/v1/documents/${documentId}`)).body.status;

  it('loses nothing when a worker is killed in the middle of jobs: each is retried and stored exactly once', async () => {
    // Long documents keep the killed worker busy for a while, so some are mid-flight when it dies.
    const text = `${chineseDischarge}\n${englishOutpatient}\n`.repeat(40);
    const ids: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const response = await httpClient(harness.url, writer)('POST', '/v1/documents', { json: { text } });
      expect(response.status).toBe(202);
      ids.push(String(response.body['documentId']));
    }
    const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', resolve(__dirname, '../src/worker.ts')], {
      env: { ...process.env, ...env, WORKER_CONCURRENCY: '2', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let childLogs = '';
    child.stdout?.on('data', (chunk: Buffer) => (childLogs += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (childLogs += chunk.toString('utf8')));
    const inFlight = await eventually(async () => {
      const rows = await prisma.recordDocument.findMany({ where: { id: { in: ids }, status: 'processing' } });
      return rows.length > 0 ? rows.map((r) => r.id) : null;
    }, 60_000, 20);
    child.kill('SIGKILL');
    await new Promise((done) => child.once('exit', done));
    expect(await prisma.recordDocument.count({ where: { id: { in: inFlight }, status: 'processing' } })).toBeGreaterThan(0);

    const logs = captureLogs('records-worker-replacement');
    const replacement: INestApplicationContext = await recordsService.startWorker?.(harness.config, logs.logger) as INestApplicationContext;
    try {
      // BullMQ hands a dead worker's job on once its lock expires and a stalled check runs.
      await eventually(async () => (await Promise.all(ids.map(status))).every((s) => s === 'completed'), 100_000, 500);
    } finally {
      await replacement.close();
    }
    const extractions = await prisma.recordExtraction.groupBy({ by: ['documentId'], where: { documentId: { in: ids } }, _count: { _all: true } });
    expect(extractions).toHaveLength(ids.length);
    expect(extractions.every((e) => e._count._all === 1)).toBe(true);
    const retried = await prisma.recordDocument.findMany({ where: { id: { in: inFlight } } });
    expect(retried.every((d) => d.attempts >= 2)).toBe(true);
    for (const secret of ['张伟', 'Mary Johnson', '糖尿病']) {
      expect(childLogs).not.toContain(secret);
      expect(logs.text()).not.toContain(secret);
    }
  }, 180_000);

});
