import { PrismaService } from '@mosaic/platform-database';
import { eventually, httpClient, startService, type ServiceHarness } from '@mosaic/platform-testing';
import type { RecordsConfig } from '../src/config/records.config';
import type { DocumentView } from '../src/documents/dto/document.dto';
import { sealedKeyId } from '../src/encryption/record-cipher';
import { chineseDischarge, englishOutpatient } from './fixtures/clinical-documents';
import { ownQueues, recordsService } from './records-service';

const ROTATED_KEY = `k2:${Buffer.alloc(32, 7).toString('base64')}`;
const DEVELOPMENT = 'dev:ZGV2ZWxvcG1lbnQta2V5LW5vdC1mb3ItcGF0aWVudHM=';

describe('records-api faults', () => {
  let harness: ServiceHarness<RecordsConfig>;
  let prisma: PrismaService;
  let writer: string;
  const tenant = `fault-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    harness = await startService(recordsService, { worker: false, env: ownQueues('faults') });
    prisma = harness.api.get(PrismaService);
    writer = await harness.keyFor(['records:write', 'records:read'], tenant);
  });
  afterAll(async () => harness?.close());

  it('answers 503 with Retry-After when Redis is down, and marks the stored document failed rather than queued', async () => {
    const redisDown = await startService(recordsService, { env: { REDIS_URL: 'redis://127.0.0.1:6390' } });
    try {
      const key = await redisDown.keyFor(['records:write', 'records:read']);
      const response = await httpClient(redisDown.url, key)('POST', '/v1/documents', { json: { text: chineseDischarge } });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBeTruthy();
      const stuck = await prisma.recordDocument.count({ where: { status: 'queued', tenantId: (await prisma.apiKey.findUniqueOrThrow({ where: { prefix: key.split('_')[1] ?? '' } })).tenantId } });
      expect(stuck).toBe(0);
    } finally {
      await redisDown.close();
    }
  });

  it('answers 503 when PostgreSQL is down', async () => {
    const databaseDown = await startService(recordsService, { env: { ...ownQueues('faults'), DATABASE_URL: 'postgresql://postgres@127.0.0.1:5499/mosaic_test' } });
    try {
      const key = await harness.keyFor(['records:write', 'records:read']);
      const response = await httpClient(databaseDown.url, key)('POST', '/v1/documents', { json: { text: chineseDischarge } });
      expect(response.status).toBe(503);
    } finally {
      await databaseDown.close();
    }
  });

  it('keeps documents sealed under a retired key readable after a rotation, and seals new ones under the new key', async () => {
    const before = await httpClient(harness.url, writer)('POST', '/v1/documents', { json: { text: englishOutpatient, externalId: 'before-rotation' } });
    const rotated = await startService(recordsService, {
      worker: true,
      env: { ...ownQueues('faults'), RECORDS_ENCRYPTION_KEYS: `${DEVELOPMENT},${ROTATED_KEY}`, RECORDS_ENCRYPTION_KEY_ID: 'k2' },
    });
    try {
      const oldId = String(before.body['documentId']);
      const done = await eventually(async () => {
        const read = await httpClient(rotated.url, writer)<DocumentView>('GET', `/v1/documents/${oldId}`);
        return read.body.status === 'completed' ? read.body : null;
      }, 30_000);
      expect(done.externalId).toBe('before-rotation');
      const row = await prisma.recordDocument.findUniqueOrThrow({ where: { id: oldId }, include: { extraction: true } });
      expect([row.keyId, sealedKeyId(row.textCipher)]).toEqual(['dev', 'dev']);
      expect(row.extraction?.keyId).toBe('k2');
      const after = await httpClient(rotated.url, writer)('POST', '/v1/documents', { json: { text: englishOutpatient } });
      const newId = String(after.body['documentId']);
      // Closing a worker mid-job disconnects PostgreSQL under the job (Nest destroys modules before shutdown hooks), so let it finish.
      await eventually(async () => (await httpClient(rotated.url, writer)<DocumentView>('GET', `/v1/documents/${newId}`)).body.status === 'completed', 30_000);
      const newRow = await prisma.recordDocument.findUniqueOrThrow({ where: { id: newId } });
      expect([newRow.keyId, sealedKeyId(newRow.textCipher)]).toEqual(['k2', 'k2']);
    } finally {
      await rotated.close();
    }
  }, 150_000);
});
