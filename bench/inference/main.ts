/**
 * `npm run bench -- inference [--seconds 2] [--rebuild]`: the libs/moe-inference benchmarks, measured
 * side by side in one run and reported as ratios. Writes bench/results/inference.json and the
 * inference section of bench/README.md.
 *
 * Models: a synthetic expert-dominated MoE (bench/inference/make_bench_model.py, trained into
 * .cache/bench/inference on first use, with int8/int4/int4-per-tensor variants made by
 * models:quantize), and every production model under models/ (its latest version).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ModelRepository,
  ModelServer,
  OnnxSession,
  goldenFeeds,
  type HostTensor,
  type ModelManifest,
} from '@mosaic/moe-inference';
import { closedLoop, cycleRows, merge, summarise, withEventLoopLag, type LoadSummary } from './measure';
import { renderSection, replaceSection, type InferenceResults } from './report';

const root = resolve(__dirname, '../..');
const cacheDir = join(root, '.cache/bench/inference');
const benchModels = join(cacheDir, 'models');
const productionModels = join(root, 'models');
const single = { intraOpThreads: 1, interOpThreads: 1, allowSpinning: false };

const { values: options } = parseArgs({ options: { seconds: { type: 'string', default: '2' }, rebuild: { type: 'boolean', default: false } } });
const seconds = Number(options.seconds);

function ensureBenchModel(): void {
  const manifest = join(benchModels, 'bench-moe/1.0.0/manifest.json');
  if (!existsSync(manifest) || options.rebuild) {
    console.log('training the synthetic benchmark model (about a minute)...');
    const run = spawnSync('/usr/bin/python3', [join(__dirname, 'make_bench_model.py'), cacheDir], { stdio: 'inherit' });
    if (run.status !== 0) throw new Error('make_bench_model.py failed');
  }
  const variants = new ModelRepository(benchModels).manifest('bench-moe', '1.0.0').variants;
  for (const request of [
    { name: 'int8', args: ['--bits', '8'] },
    { name: 'int4', args: ['--bits', '4', '--block', '32'] },
    { name: 'int4-per-tensor', args: ['--bits', '4', '--per-tensor'] },
  ]) {
    if (variants[request.name]) continue;
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', join(root, 'tools/scripts/models-quantize.ts'), 'bench-moe', '--models-dir', benchModels, ...request.args], {
      stdio: 'inherit',
      cwd: root,
    });
    if (run.status !== 0) throw new Error(`models:quantize ${request.name} failed`);
  }
}

/**
 * Microseconds per run of a bare in-process session: the best of `rounds` short rounds, since on a
 * shared machine the slowest rounds measure the neighbours, not the code.
 */
async function bareMicros(session: OnnxSession, feeds: Record<string, HostTensor>, ms: number, rounds = 5): Promise<number> {
  for (let i = 0; i < 3; i++) await session.run(feeds);
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    let runs = 0;
    const start = performance.now();
    while (performance.now() - start < ms / rounds) {
      await session.run(feeds);
      runs++;
    }
    best = Math.min(best, ((performance.now() - start) * 1000) / runs);
  }
  return best;
}

interface ModelUnderTest {
  dir: string;
  repository: ModelRepository;
  manifest: ModelManifest;
  feeds: Record<string, HostTensor>;
}

function open(dir: string, name: string): ModelUnderTest {
  const repository = new ModelRepository(dir);
  const files = repository.open(name, repository.latestVersion(name));
  if (!files.golden) throw new Error(`${name} has no golden.json to draw benchmark inputs from`);
  return { dir, repository, manifest: files.manifest, feeds: goldenFeeds(files.golden) };
}

async function sparseVsDense(model: ModelUnderTest, batches: number[]) {
  const { name, version, variants } = model.manifest;
  if (!variants['dense']) return [{ model: name, batch: null, note: 'no dense variant in the manifest' }];
  const sparse = OnnxSession.open(model.repository.open(name, version).graph, single);
  const dense = OnnxSession.open(model.repository.open(name, version, 'dense').graph, single);
  const rows = [];
  for (const batch of batches) {
    const feeds = cycleRows(model.feeds, batch);
    const times = { sparse: Number.POSITIVE_INFINITY, dense: Number.POSITIVE_INFINITY };
    for (let round = 0; round < 5; round++) {
      times.sparse = Math.min(times.sparse, await bareMicros(sparse, feeds, (seconds * 1000) / 5, 2));
      times.dense = Math.min(times.dense, await bareMicros(dense, feeds, (seconds * 1000) / 5, 2));
    }
    rows.push({ model: name, batch, sparseUs: times.sparse, denseUs: times.dense, speedup: times.dense / times.sparse });
  }
  sparse.dispose();
  dense.dispose();
  return rows;
}

/**
 * Library against a bare session at batch 1. Wall-clock throughput on a busy shared machine mostly
 * measures how long each thread hand-off waits for a core, so the CPU time per call (every thread of
 * the process) is measured too: it bounds throughput on cores of its own.
 */
async function overhead(model: ModelUnderTest) {
  const { name, version } = model.manifest;
  const feeds = cycleRows(model.feeds, 1);
  const bare = OnnxSession.open(model.repository.open(name, version).graph, single);
  // Normal priority like the bare session: this measures the library's cost, not the scheduler's.
  const one = new ModelServer({ modelsDir: model.dir, workers: 1, backend: single, workerNiceness: 0 });
  const pooled = new ModelServer({ modelsDir: model.dir, workerNiceness: 0 });
  await one.load(name, { batching: false });
  await pooled.load(name, { batching: false });
  const rounds = { bare: [] as LoadSummary[], one: [] as LoadSummary[], pooled: [] as LoadSummary[] };
  const ms = (seconds * 1000) / 4;
  // Throughput is the rate at saturation: two callers per run slot (workers x 4 channels), so a slot
  // freed is refilled from the queue at once rather than when its caller's next call arrives.
  const callers = 8 * availableParallelism();
  for (let round = 0; round < 4; round++) {
    rounds.bare.push(summarise(await closedLoop(1, ms, () => bare.run(feeds))));
    rounds.one.push(summarise(await closedLoop(1, ms, () => one.infer(name, feeds))));
    rounds.pooled.push(summarise(await closedLoop(callers, ms, () => pooled.infer(name, feeds))));
  }
  bare.dispose();
  await Promise.all([one.shutdown(), pooled.shutdown()]);
  const best = (list: LoadSummary[]) => Math.max(...list.map((r) => r.throughput));
  const cpu = (list: LoadSummary[]) => Math.min(...list.map((r) => r.cpuUsPerCall));
  return {
    model: name,
    batch: 1,
    callers,
    bareThroughput: best(rounds.bare),
    oneWorkerThroughput: best(rounds.one),
    pooledThroughput: best(rounds.pooled),
    bareCpuUs: cpu(rounds.bare),
    libraryCpuUs: cpu(rounds.pooled),
    overhead: cpu(rounds.pooled) / cpu(rounds.bare) - 1,
  };
}

type Load = Awaited<ReturnType<typeof closedLoop>>;

/** 64 closed-loop callers against a server, in rounds, with event-loop lag and utilisation. */
async function saturate(server: ModelServer, name: string, feeds: Record<string, HostTensor>, ms: number) {
  const before = performance.eventLoopUtilization();
  const { result, lagP99Ms } = await withEventLoopLag(() => closedLoop(64, ms, () => server.infer(name, feeds)));
  return { result, lagP99Ms, utilisation: performance.eventLoopUtilization(before).utilization };
}

async function batching(model: ModelUnderTest) {
  const { name } = model.manifest;
  const feeds = cycleRows(model.feeds, 1);
  const workers = availableParallelism();
  const batched = { windowMs: 1, maxBatchRows: 64, maxQueue: 4096 };
  const on = new ModelServer({ modelsDir: benchModels, workers });
  const off = new ModelServer({ modelsDir: benchModels, workers });
  const spare = new ModelServer({ modelsDir: benchModels, workers: Math.max(1, workers - 1) });
  await on.load(name, { batching: batched });
  await off.load(name, { batching: false });
  await spare.load(name, { batching: batched });
  const runs = { on: [] as Load[], off: [] as Load[], spare: [] as Load[] };
  const lag = { on: [] as number[], off: [] as number[], spare: [] as number[] };
  const busy = { on: [] as number[], off: [] as number[], spare: [] as number[] };
  for (let round = 0; round < 3; round++) {
    for (const [key, server] of [['on', on], ['off', off], ['spare', spare]] as const) {
      const r = await saturate(server, name, feeds, (seconds * 1000) / 3);
      runs[key].push(r.result);
      lag[key].push(r.lagP99Ms);
      busy[key].push(r.utilisation);
    }
  }
  await Promise.all([on.shutdown(), off.shutdown(), spare.shutdown()]);
  // Throughput of the least disturbed round of each side; latency percentiles over every round.
  const bestThroughput = (list: Load[]) => Math.max(...list.map((r) => summarise(r).throughput));
  const withBatching = { ...summarise(merge(runs.on)), throughput: bestThroughput(runs.on) };
  const without = { ...summarise(merge(runs.off)), throughput: bestThroughput(runs.off) };
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  return {
    model: name,
    callers: 64,
    workers,
    withBatching,
    without,
    cpuRatio: without.cpuUsPerCall / withBatching.cpuUsPerCall,
    throughputRatio: withBatching.throughput / without.throughput,
    p95Ratio: withBatching.p95Ms / without.p95Ms,
    eventLoopLagP99Ms: {
      withBatching: [Math.min(...lag.on), Math.max(...lag.on)],
      without: [Math.min(...lag.off), Math.max(...lag.off)],
      spareCore: [Math.min(...lag.spare), Math.max(...lag.spare)],
    },
    eventLoopUtilisation: { withBatching: mean(busy.on), without: mean(busy.off), spareCore: mean(busy.spare) },
    spareCore: { workers: Math.max(1, workers - 1), ...summarise(merge(runs.spare)), throughput: bestThroughput(runs.spare) },
  };
}

/** The same model run on the main thread, for contrast: what the event loop suffers without workers. */
async function mainThreadLag(model: ModelUnderTest) {
  const { name, version } = model.manifest;
  const session = OnnxSession.open(model.repository.open(name, version).graph, single);
  const feeds = cycleRows(model.feeds, 64);
  const { lagP99Ms } = await withEventLoopLag(() => closedLoop(4, 1000, () => session.run(feeds)));
  session.dispose();
  return lagP99Ms;
}

/** The machine's own floor: lag p99 of an idle event loop, measured in the same run. */
async function idleLag(): Promise<number> {
  const { lagP99Ms } = await withEventLoopLag(() => new Promise((resolve) => setTimeout(resolve, 1500)));
  return lagP99Ms;
}

async function accuracy(session: OnnxSession): Promise<number> {
  const { rows, features } = JSON.parse(readFileSync(join(cacheDir, 'test.json'), 'utf8')) as { rows: number; features: number };
  const x = new Float32Array(readFileSync(join(cacheDir, 'test.features.bin')).buffer.slice(0));
  const y = new Float32Array(readFileSync(join(cacheDir, 'test.labels.bin')).buffer.slice(0));
  let correct = 0;
  for (let start = 0; start < rows; start += 500) {
    const n = Math.min(500, rows - start);
    const out = await session.run({ features: { type: 'float32', dims: [n, features], data: x.subarray(start * features, (start + n) * features) } });
    const score = out['score']?.data as Float32Array;
    for (let i = 0; i < n; i++) if ((score[i] as number) > 0.5 === (y[start + i] as number) > 0.5) correct++;
  }
  return correct / rows;
}

async function quantisation(model: ModelUnderTest, withAccuracy: boolean) {
  const { name, version, graph, variants } = model.manifest;
  const rows = [];
  for (const variant of ['fp32', ...Object.keys(variants).filter((v) => v.startsWith('int'))]) {
    const files = model.repository.open(name, version, variant);
    const session = OnnxSession.open(files.graph, single);
    const acc = withAccuracy ? await accuracy(session) : undefined;
    const b1 = await bareMicros(session, cycleRows(model.feeds, 1), (seconds * 1000) / 4);
    const b64 = await bareMicros(session, cycleRows(model.feeds, 64), (seconds * 1000) / 4);
    session.dispose();
    rows.push({
      model: name,
      variant,
      bytes: files.graph.byteLength,
      sizeRatio: files.graph.byteLength / graph.bytes,
      accuracy: acc,
      manifestMetrics: variant === 'fp32' ? undefined : variants[variant]?.metrics,
      batch1Us: b1,
      batch64Us: b64,
    });
  }
  const fp32 = rows[0]?.accuracy;
  return rows.map((r) => ({ ...r, accuracyLossPoints: fp32 !== undefined && r.accuracy !== undefined ? (fp32 - r.accuracy) * 100 : undefined }));
}

/** One model after another: measurements must not share the cores with each other. */
async function sequential<T>(models: ModelUnderTest[], measure: (model: ModelUnderTest) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (const model of models) results.push(await measure(model));
  return results;
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0] ?? 0;
  ensureBenchModel();
  const bench = open(benchModels, 'bench-moe');
  const production = new ModelRepository(productionModels).names().map((name) => open(productionModels, name));
  console.log(`production models: ${production.map((m) => m.manifest.name).join(', ') || 'none yet'}`);

  const results: InferenceResults = {
    generatedAt: new Date().toISOString(),
    machine: { cores: availableParallelism(), node: process.version, onnxruntime: '1.30.0', loadAverage: [loadAtStart, loadavg()[0] ?? 0] },
    secondsPerMeasurement: seconds,
    overhead: [await overhead(bench), ...(await sequential(production, overhead))],
    sparseVsDense: [...(await sparseVsDense(bench, [1, 64, 256])), ...(await sequential(production, (m) => sparseVsDense(m, [1, 64, 256]))).flat()],
    batching: await batching(bench),
    mainThreadLagP99Ms: await mainThreadLag(bench),
    idleLagP99Ms: await idleLag(),
    quantisation: [...(await quantisation(bench, true)), ...(await sequential(production, (m) => quantisation(m, false))).flat()],
  };
  mkdirSync(join(__dirname, '../results'), { recursive: true });
  writeFileSync(join(__dirname, '../results/inference.json'), `${JSON.stringify(results, null, 2)}\n`);
  const readme = join(__dirname, '../README.md');
  writeFileSync(readme, replaceSection(existsSync(readme) ? readFileSync(readme, 'utf8') : '', renderSection(results)));
  console.log(renderSection(results));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
