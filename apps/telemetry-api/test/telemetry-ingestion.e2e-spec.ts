import { PrismaService } from '@mosaic/platform-database';
import { eventually, httpClient, type ServiceHarness } from '@mosaic/platform-testing';
import { countWindows, minimumSamples } from '@mosaic/telemetry';
import type { TelemetryConfig } from '../src/config/telemetry.config';
import { RawSignalRetentionService } from '../src/retention/raw-signal-retention.service';
import { at, float32Body, gaussianSignal, impulsiveSignal, startTelemetry, streamHugeBody } from './telemetry.harness';

type Client = ReturnType<typeof httpClient>;

describe('telemetry-api ingestion, prediction storage and retention', () => {
  let harness: ServiceHarness<TelemetryConfig>;
  let writer: Client;
  let writerKey: string;
  let prisma: PrismaService;
  const tenant = `tel-${Math.random().toString(36).slice(2, 8)}`;
  const base = Date.UTC(2026, 10, 1, 8, 0, 0);

  beforeAll(async () => {
    harness = await startTelemetry('ingestion', { env: { RAW_SIGNAL_RETENTION_SECONDS: '3600' } });
    writerKey = await harness.keyFor(['telemetry:write', 'telemetry:read'], tenant);
    writer = httpClient(harness.url, writerKey);
    prisma = harness.api.get(PrismaService);
    for (const assetId of ['pump-7', 'fan-2', 'motor-1', 'faults-1']) {
      expect((await writer('POST', '/v1/assets', { json: { assetId, kind: 'pump', nominalRpm: 1797 } })).status).toBe(201);
    }
  });
  afterAll(async () => harness?.close());

  const completed = (batchId: string) =>
    eventually(async () => {
      const batch = await writer('GET', `/v1/telemetry/${batchId}`);
      return batch.body['status'] === 'completed' ? batch.body : null;
    });

  it('registers an asset and updates it when the same id comes again; another tenant cannot see it', async () => {
    const updated = await writer('POST', '/v1/assets', { json: { assetId: 'pump-7', name: 'Cooling pump 7', alertWebhookUrl: 'http://127.0.0.1:9/hook' } });
    expect(updated.status).toBe(201);
    expect(updated.body).toMatchObject({ assetId: 'pump-7', name: 'Cooling pump 7', kind: 'pump', nominalRpm: 1797, alertWebhookUrl: 'http://127.0.0.1:9/hook' });
    const cleared = await writer('POST', '/v1/assets', { json: { assetId: 'pump-7', alertWebhookUrl: null } });
    expect(cleared.body).toMatchObject({ name: 'Cooling pump 7', alertWebhookUrl: null });
    expect((await writer('POST', '/v1/assets', { json: { assetId: 'x', kind: 'boiler', nominalRpm: -3 } })).status).toBe(400);
    const stranger = httpClient(harness.url, await harness.keyFor(['telemetry:read']));
    expect((await stranger('GET', '/v1/assets/pump-7')).status).toBe(404);
  });

  it('accepts a JSON batch with 202 and its window count, and stores one prediction per window', async () => {
    const vibration = Array.from(impulsiveSignal(12_000, 1));
    const temperature = [61.2, 61.3, 61.5, 61.4];
    const accepted = await writer('POST', '/v1/telemetry', {
      json: { assetId: 'pump-7', startedAt: at(base, 0), sampleRateHz: 12_000, rpm: 1797, channels: { vibration, temperature, current: [4.1, 4.2] } },
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ batchId: expect.any(String), status: 'queued', windows: countWindows(12_000, 12_000, 1024) });
    const batch = await completed(String(accepted.body['batchId']));
    expect(batch).toMatchObject({ windows: 10, samples: 12_000, channels: { vibration: 12_000, temperature: 4, current: 2 }, modelVersion: 'telemetry-cnn-moe@0.1.0' });

    const page = await writer<{ items: Record<string, unknown>[]; nextCursor: string | null }>('GET', '/v1/assets/pump-7/predictions');
    expect(page.body.items).toHaveLength(10);
    expect(page.body.items[0]).toMatchObject({ windowIndex: 0, windowStart: at(base, 0), label: 'inner_race', modelVersion: 'telemetry-cnn-moe@0.1.0' });
    expect(page.body.items[1]?.['windowStart']).toBe(new Date(base + Math.round((1024 / 12_000) * 1000)).toISOString());
    expect(Number(page.body.items[0]?.['failureRisk'])).toBeGreaterThan(0.9);
    expect(Object.keys(page.body.items[0]?.['probabilities'] as object)).toEqual(['normal', 'inner_race', 'outer_race', 'ball']);
    const asset = await writer('GET', '/v1/assets/pump-7');
    expect(asset.body['state']).toMatchObject({ label: 'inner_race', windowsPredicted: 10 });
  });

  it('accepts little-endian float32 bodies with the metadata in the query, stored as binary chunks', async () => {
    const vibration = gaussianSignal(25_600, 2, 3);
    const temperature = [40, 40.5, 41];
    const query = `assetId=fan-2&startedAt=${encodeURIComponent(at(base, 0))}&sampleRateHz=25600&channels=vibration:${vibration.length},temperature:3`;
    const accepted = await writer('POST', `/v1/telemetry?${query}`, { body: float32Body(vibration, temperature), headers: { 'content-type': 'application/octet-stream' } });
    expect(accepted.status).toBe(202);
    expect(accepted.body['windows']).toBe(countWindows(vibration.length, 25_600, 1024));
    const batchId = String(accepted.body['batchId']);
    await completed(batchId);
    const chunks = await prisma.telemetrySignalChunk.findMany({ where: { batchId }, orderBy: [{ channel: 'asc' }, { seq: 'asc' }] });
    expect(chunks.map((c) => [c.channel, c.samples, c.data.byteLength])).toEqual([
      ['temperature', 3, 12],
      ['vibration', vibration.length, vibration.length * 4],
    ]);
    const stored = Buffer.from(chunks[1]?.data as Uint8Array);
    expect(stored.readFloatLE(4 * 1234)).toBe(vibration[1234]);
    const page = await writer<{ items: { label: string }[] }>('GET', '/v1/assets/fan-2/predictions?limit=1000');
    expect(page.body.items.every((p) => p.label === 'normal')).toBe(true);

    const bare = await writer('POST', `/v1/telemetry?assetId=fan-2&startedAt=${encodeURIComponent(at(base, 2))}&sampleRateHz=25600`, {
      body: float32Body(vibration),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(bare.status).toBe(202);
  });

  it('resamples: a 48 kHz and a 12 kHz recording of the same state give the same label, and any rate in range is windowed', async () => {
    const predict = async (rate: number, signal: Float64Array) => (await writer('POST', '/v1/predict', { json: { sampleRateHz: rate, vibration: Array.from(signal) } })).body;
    for (const make of [impulsiveSignal, gaussianSignal]) {
      const at12 = await predict(12_000, make(12_000, 0.5, 5));
      const at48 = await predict(48_000, make(48_000, 0.5, 5));
      expect(at48['label']).toBe(at12['label']);
      expect(Math.abs(Number(at48['failureRisk']) - Number(at12['failureRisk']))).toBeLessThan(0.1);
    }
    const odd = await writer('POST', '/v1/telemetry', {
      json: { assetId: 'motor-1', startedAt: at(base, 0), sampleRateHz: 44_100, channels: { vibration: Array.from(impulsiveSignal(44_100, 0.6)) } },
    });
    expect(odd.body['windows']).toBe(countWindows(Math.round(44_100 * 0.6), 44_100, 1024));
    const batch = await completed(String(odd.body['batchId']));
    expect(batch['windows']).toBe(odd.body['windows']);
  });

  it('answers POST /v1/predict with the label, probabilities, risk, windows, experts and model version', async () => {
    const response = await writer('POST', '/v1/predict', { json: { sampleRateHz: 12_000, rpm: 1797, vibration: Array.from(impulsiveSignal(12_000, 1)), maintenanceLog: '轴承异响 / noise at bearing' } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ label: 'inner_race', windows: 10, modelVersion: 'telemetry-cnn-moe@0.1.0' });
    expect(response.body['experts']).toEqual(expect.arrayContaining([{ expert: expect.any(Number), weight: expect.any(Number) }]));
    const short = await writer('POST', '/v1/predict', { json: { sampleRateHz: 48_000, vibration: Array.from(gaussianSignal(48_000, 0.1)) } });
    expect(short.status).toBe(422);
    expect(JSON.stringify(short.body['details'])).toContain(String(minimumSamples(48_000)));
    const long = await writer('POST', '/v1/predict', { json: { sampleRateHz: 1_000, vibration: new Array(10_001).fill(0.1) } });
    expect(long.status).toBe(422);
  });

  it('pages predictions by cursor and filters them by time', async () => {
    const all = await writer<{ items: { windowStart: string; windowIndex: number }[] }>('GET', '/v1/assets/pump-7/predictions?limit=1000');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { windowStart: string; windowIndex: number }[]; nextCursor: string | null } } = await writer('GET', `/v1/assets/pump-7/predictions?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((p) => `${p.windowStart}/${p.windowIndex}`));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((p) => `${p.windowStart}/${p.windowIndex}`));
    const from = all.body.items[2]?.windowStart as string;
    const to = all.body.items[5]?.windowStart as string;
    const ranged = await writer<{ items: unknown[] }>('GET', `/v1/assets/pump-7/predictions?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(ranged.body.items).toHaveLength(3);
    expect((await writer('GET', '/v1/assets/pump-7/predictions?cursor=nonsense')).status).toBe(400);
    expect((await writer('GET', '/v1/assets/nobody/predictions')).status).toBe(404);
  });

  describe('refuses bad input with a clear 4xx and stores nothing', () => {
    const ok = () => ({ assetId: 'faults-1', startedAt: at(base, 0), sampleRateHz: 12_000, channels: { vibration: Array.from(gaussianSignal(12_000, 0.5)) } });
    const binary = (query: string, body: Buffer) => writer('POST', `/v1/telemetry?${query}`, { body, headers: { 'content-type': 'application/octet-stream' } });
    const meta = `assetId=faults-1&startedAt=${encodeURIComponent(at(base, 0))}`;
    let batchesBefore: number;

    beforeAll(async () => {
      batchesBefore = await prisma.telemetryBatch.count({ where: { tenantId: tenant } });
    });

    it.each([
      ['a NaN sample (float32)', () => binary(`${meta}&sampleRateHz=12000`, float32Body([...gaussianSignal(12_000, 0.5)].map((v, i) => (i === 77 ? NaN : v)))), 422, 'channels.vibration.77'],
      ['an infinite sample (float32)', () => binary(`${meta}&sampleRateHz=12000`, float32Body([...gaussianSignal(12_000, 0.5)].map((v, i) => (i === 5 ? Infinity : v)))), 422, 'channels.vibration.5'],
      ['a null sample (JSON)', () => writer('POST', '/v1/telemetry', { json: { ...ok(), channels: { vibration: [...ok().channels.vibration.slice(0, 9), null, ...ok().channels.vibration] } } }), 422, 'channels.vibration.9'],
      ['a number beyond float32', () => writer('POST', '/v1/telemetry', { json: { ...ok(), channels: { vibration: [1e300, ...ok().channels.vibration] } } }), 422, 'channels.vibration.0'],
      ['an empty vibration channel', () => writer('POST', '/v1/telemetry', { json: { ...ok(), channels: { vibration: [] } } }), 422, 'channels.vibration'],
      ['an empty temperature channel', () => writer('POST', '/v1/telemetry', { json: { ...ok(), channels: { ...ok().channels, temperature: [] } } }), 422, 'channels.temperature'],
      ['an empty float32 body', () => binary(`${meta}&sampleRateHz=12000`, Buffer.alloc(0)), 422, 'channels.vibration'],
      ['no vibration channel', () => writer('POST', '/v1/telemetry', { json: { ...ok(), channels: { temperature: [50] } } }), 400, 'channels'],
      ['a sample rate of 0', () => writer('POST', '/v1/telemetry', { json: { ...ok(), sampleRateHz: 0 } }), 400, 'sampleRateHz'],
      ['a sample rate of 10 MHz', () => writer('POST', '/v1/telemetry', { json: { ...ok(), sampleRateHz: 10_000_000 } }), 400, 'sampleRateHz'],
      ['a sample rate of 10 MHz (query)', () => binary(`${meta}&sampleRateHz=10000000`, float32Body(gaussianSignal(12_000, 0.5))), 400, 'query.sampleRateHz'],
      ['a body whose length is not a multiple of 4', () => binary(`${meta}&sampleRateHz=12000`, Buffer.concat([float32Body(gaussianSignal(12_000, 0.5)), Buffer.from([1])])), 400, 'body'],
      ['a channel layout that does not match the body', () => binary(`${meta}&sampleRateHz=12000&channels=vibration:100`, float32Body(gaussianSignal(12_000, 0.5))), 400, 'body'],
      ['an unknown asset', () => writer('POST', '/v1/telemetry', { json: { ...ok(), assetId: 'ghost-9' } }), 422, 'assetId'],
      ['a signal shorter than one window', () => writer('POST', '/v1/telemetry', { json: { ...ok(), channels: { vibration: Array.from(gaussianSignal(12_000, 0.1)) } } }), 422, 'channels.vibration'],
      ['a malformed startedAt', () => writer('POST', '/v1/telemetry', { json: { ...ok(), startedAt: 'yesterday' } }), 400, 'startedAt'],
      ['a startedAt in the future', () => writer('POST', '/v1/telemetry', { json: { ...ok(), startedAt: new Date(Date.now() + 3_600_000).toISOString() } }), 422, 'startedAt'],
      ['an unknown query parameter', () => binary(`${meta}&sampleRateHz=12000&colour=red`, float32Body(gaussianSignal(12_000, 0.5))), 400, 'query'],
      ['another content type', () => writer('POST', '/v1/telemetry', { body: 'vibration=1,2,3', headers: { 'content-type': 'text/plain' } }), 415, undefined],
    ] as const)('%s', async (_name, send, status, path) => {
      const response = await send();
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({ statusCode: status });
      if (path) expect((response.body['details'] as { path: string }[]).map((d) => d.path)).toContain(path);
    });

    it('tells the minimum length of a too-short signal at its own rate', async () => {
      const response = await writer('POST', '/v1/telemetry', { json: { ...ok(), sampleRateHz: 48_000, channels: { vibration: Array.from(gaussianSignal(48_000, 0.1)) } } });
      expect(response.status).toBe(422);
      expect(response.body['message']).toContain(`at least ${minimumSamples(48_000)} vibration samples at 48000 Hz`);
    });

    it('refuses timestamps out of order, and answers a repeated upload with the first batch', async () => {
      const first = await writer('POST', '/v1/telemetry', { json: { ...ok(), startedAt: at(base, 10) } });
      expect(first.status).toBe(202);
      const again = await writer('POST', '/v1/telemetry', { json: { ...ok(), startedAt: at(base, 10) } });
      expect(again.body['batchId']).toBe(first.body['batchId']);
      const overlapping = await writer('POST', '/v1/telemetry', { json: { ...ok(), startedAt: at(base, 10.25) } });
      expect(overlapping.status).toBe(422);
      expect(JSON.stringify(overlapping.body['details'])).toContain(at(base, 10.5));
      const earlier = await writer('POST', '/v1/telemetry', { json: { ...ok(), startedAt: at(base, 5) } });
      expect(earlier.status).toBe(422);
      expect((await writer('POST', '/v1/telemetry', { json: { ...ok(), startedAt: at(base, 10.5) } })).status).toBe(202);
      batchesBefore += 2;
    });

    it('answers 413 to a 200 MB body', async () => {
      const huge = 200 * 1024 * 1024;
      const response = await streamHugeBody(harness.url, `/v1/telemetry?${meta}&sampleRateHz=100000`, writerKey, huge, 'application/octet-stream');
      expect(response.status).toBe(413);
      expect(JSON.parse(response.body)).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
      expect((await streamHugeBody(harness.url, '/v1/telemetry', writerKey, huge, 'application/json')).status).toBe(413);
      const json = await writer('POST', '/v1/telemetry', { body: `{"pad":"${'x'.repeat(17 * 1024 * 1024)}"}`, headers: { 'content-type': 'application/json' } });
      expect(json.status).toBe(413);
    });

    afterAll(async () => {
      expect(await prisma.telemetryBatch.count({ where: { tenantId: tenant } })).toBe(batchesBefore);
    });
  });

  it('retention deletes raw signals older than the configured age and keeps batches and predictions', async () => {
    const accepted = await writer('POST', '/v1/telemetry', { json: { assetId: 'motor-1', startedAt: at(base, 60), sampleRateHz: 12_000, channels: { vibration: Array.from(gaussianSignal(12_000, 0.5)) } } });
    const batchId = String(accepted.body['batchId']);
    await completed(batchId);
    const retention = harness.worker?.get(RawSignalRetentionService, { strict: false }) as RawSignalRetentionService;
    await retention.purge(new Date(Date.now() + 1_800_000));
    expect(await prisma.telemetrySignalChunk.count({ where: { batchId } })).toBe(1);
    const purged = await retention.purge(new Date(Date.now() + 3_700_000));
    expect(purged.batches).toBeGreaterThanOrEqual(1);
    expect(await prisma.telemetrySignalChunk.count({ where: { batchId } })).toBe(0);
    expect((await writer('GET', `/v1/telemetry/${batchId}`)).body).toMatchObject({ status: 'completed', rawSignalDeleted: true });
    expect(await prisma.telemetryPrediction.count({ where: { batchId } })).toBe(countWindows(6_000, 12_000, 1024));
  });
});
