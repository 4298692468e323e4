import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CRASH_VALUE } from '../../fixtures/crashing.worker';
import { copyFixtureModels, crashingWorkerEntry, fixtureModelsDir, tinyFeeds } from '../../fixtures/tiny-moe.fixture';
import { InputValidationError, IntegrityError, ModelNotFoundError, ShutdownError, WorkerCrashedError } from '../errors/inference.errors';
import type { InferenceResult } from './loaded-model';
import { ModelServer } from './model-server';

const score = (result: { outputs: Record<string, { data: ArrayLike<number | bigint> }> }, row = 0) => Number(result.outputs['score']?.data[row]);

describe('ModelServer', () => {
  let server: ModelServer;

  beforeAll(async () => {
    server = new ModelServer({ modelsDir: fixtureModelsDir, workers: 2 });
    await server.load('tiny-moe', { version: '1.0.0', cache: { maxEntries: 100, ttlMs: 60_000 } });
  });

  afterAll(() => server.shutdown());

  it('answers with outputs, the chosen experts and weights per row, and reports ready', async () => {
    const result = await server.infer('tiny-moe', tinyFeeds(3));
    expect(result.model).toEqual({ name: 'tiny-moe', version: '1.0.0', variant: 'fp32' });
    expect(result.outputs['score']?.dims).toEqual([3]);
    expect(result.routing).toHaveLength(3);
    for (const row of result.routing) {
      expect(row.experts).toHaveLength(2);
      expect(row.weights[0]).toBeGreaterThanOrEqual(row.weights[1] as number);
      expect((row.weights[0] as number) + (row.weights[1] as number)).toBeCloseTo(1, 5);
    }
    expect(server.health()).toMatchObject({ ready: true, status: 'ready', workers: { size: 2, alive: 2 } });
  });

  it('splits batched results back to the right callers under concurrency', async () => {
    const alone: InferenceResult[] = [];
    for (let i = 0; i < 40; i++) alone.push(await server.infer('tiny-moe', tinyFeeds(1, i)));
    const together = await Promise.all(Array.from({ length: 40 }, (_, i) => server.infer('tiny-moe', tinyFeeds(1 + (i % 2), i))));
    together.forEach((result, i) => {
      expect(score(result)).toBeCloseTo(score(alone[i] as InferenceResult), 5);
      expect(result.routing[0]).toEqual(alone[i]?.routing[0]);
      expect(result.outputs['score']?.dims).toEqual([1 + (i % 2)]);
    });
  });

  it('throws a readable validation error before the model runs', async () => {
    const feeds = tinyFeeds(1);
    delete feeds['category'];
    await expect(server.infer('tiny-moe', feeds)).rejects.toBeInstanceOf(InputValidationError);
    await expect(server.infer('tiny-moe', feeds)).rejects.toThrow('invalid input for tiny-moe: category: missing input int64 [batch]');
  });

  it('serves repeated inputs from the cache and counts hits in the metrics', async () => {
    const first = await server.infer('tiny-moe', tinyFeeds(1, 77));
    const second = await server.infer('tiny-moe', tinyFeeds(1, 77));
    expect(first.cached).toBe(false);
    expect(second.cached).toBe(true);
    expect(score(second)).toBe(score(first));
    const metrics = await server.registry.metrics();
    expect(metrics).toMatch(/mosaic_inference_cache_lookups_total\{model="tiny-moe",version="1.0.0",variant="fp32",result="hit"\} [1-9]/);
    expect(metrics).toMatch(/mosaic_inference_expert_load_cv\{model="tiny-moe",version="1.0.0",variant="fp32"\} \d/);
  });

  it('switches to a new version and rolls back without a restart', async () => {
    const feeds = () => tinyFeeds(1, 5);
    const v1 = score(await server.infer('tiny-moe', feeds()));
    await server.load('tiny-moe', { version: '1.1.0', activate: true });
    const v2 = await server.infer('tiny-moe', feeds());
    expect(v2.model.version).toBe('1.1.0');
    expect(score(v2)).not.toBeCloseTo(v1, 4);
    expect(server.rollback('tiny-moe')).toMatchObject({ version: '1.0.0' });
    expect(score(await server.infer('tiny-moe', feeds()))).toBeCloseTo(v1, 6);
    expect(() => server.rollback('tiny-moe')).toThrow(ModelNotFoundError);
    await server.unload('tiny-moe', '1.1.0');
    expect(server.health().models.map((m) => m.version)).toEqual(['1.0.0']);
  });
  it('loads a quantised variant by name beside fp32 and answers close to it', async () => {
    await server.load('tiny-moe', { version: '1.0.0', variant: 'int4' });
    const fp32 = await server.infer('tiny-moe', tinyFeeds(4, 9));
    const int4 = await server.infer('tiny-moe', tinyFeeds(4, 9), { version: '1.0.0', variant: 'int4' });
    expect(int4.model.variant).toBe('int4');
    expect(fp32.model.variant).toBe('fp32');
    for (let row = 0; row < 4; row++) expect(Math.abs(score(int4, row) - score(fp32, row))).toBeLessThan(0.05);
    await expect(server.load('tiny-moe', { version: '1.0.0', variant: 'int2' })).rejects.toThrow('has no variant "int2" (have fp32, int8, int4)');
  });
});

describe('ModelServer loading', () => {
  it('refuses a graph whose sha256 does not match its manifest', async () => {
    const dir = copyFixtureModels();
    const graph = join(dir, 'tiny-moe/1.1.0/model.onnx');
    const bytes = readFileSync(graph);
    bytes.writeUInt8(bytes.readUInt8(100) ^ 0x01, 100);
    writeFileSync(graph, bytes);
    const server = new ModelServer({ modelsDir: dir, workers: 1 });
    try {
      await expect(server.load('tiny-moe')).rejects.toBeInstanceOf(IntegrityError);
      expect(server.health()).toMatchObject({ ready: false, status: 'starting' });
    } finally {
      await server.shutdown();
    }
  });
});

describe('ModelServer worker crash', () => {
  it('fails the crashing call cleanly, reruns the calls queued behind it, replaces the worker and keeps serving', async () => {
    const server = new ModelServer({ modelsDir: fixtureModelsDir, workers: 1, workerEntry: crashingWorkerEntry });
    try {
      await server.load('tiny-moe', { version: '1.0.0', batching: false });
      const poison = tinyFeeds(1);
      (poison['features']?.data as Float32Array)[0] = CRASH_VALUE;
      const queuedBehind = server.infer('tiny-moe', tinyFeeds(1, 3));
      await expect(server.infer('tiny-moe', poison)).rejects.toBeInstanceOf(WorkerCrashedError);
      await expect(queuedBehind).resolves.toMatchObject({ cached: false });
      await expect(server.infer('tiny-moe', tinyFeeds(2))).resolves.toMatchObject({ routing: expect.any(Array) });
      expect(server.health().workers).toEqual({ size: 1, alive: 1, restarts: 1 });
      expect(await server.registry.metrics()).toMatch(/mosaic_inference_worker_restarts_total 1/);

      // A call handed to the worker behind the crashing one never started: it runs on the replacement.
      const crashing = server.infer('tiny-moe', poison);
      const behindIt = server.infer('tiny-moe', tinyFeeds(1, 5));
      await expect(crashing).rejects.toBeInstanceOf(WorkerCrashedError);
      await expect(behindIt).resolves.toMatchObject({ cached: false });
      expect(server.health().workers).toEqual({ size: 1, alive: 1, restarts: 2 });
    } finally {
      await server.shutdown();
    }
  });
});

describe('ModelServer shutdown', () => {
  it('finishes queued calls, then refuses new ones', async () => {
    const server = new ModelServer({ modelsDir: fixtureModelsDir, workers: 1 });
    await server.load('tiny-moe', { batching: { windowMs: 50 } });
    const queued = Array.from({ length: 5 }, (_, i) => server.infer('tiny-moe', tinyFeeds(1, i)));
    await server.shutdown();
    await expect(Promise.all(queued)).resolves.toHaveLength(5);
    await expect(server.infer('tiny-moe', tinyFeeds(1))).rejects.toBeInstanceOf(ShutdownError);
    expect(server.health()).toMatchObject({ ready: false, status: 'shutting_down' });
  });
});
