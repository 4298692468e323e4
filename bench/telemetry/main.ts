/**
 * `npm run bench -- telemetry [--seconds 10] [--lag-seconds 30] [--models-dir models]`: the telemetry
 * service end to end, as processes started from apps/telemetry-api against PostgreSQL and Redis:
 *   quality   the CWRU 3 HP test windows (tools/datasets telemetry split) through POST /v1/predict and
 *             through ingestion -> worker -> stored predictions; 48 kHz vs 12 kHz of the same state
 *   ingestion float32 uploads over HTTP, no worker running (samples accepted per second)
 *   worker    a backlog of batches predicted by one worker process (windows per second, per CPU second)
 *   lag       50 assets each sending 1 s of 12 kHz every second, with one API and one worker
 * Writes bench/results/telemetry.json and the telemetry section of bench/README.md.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { purgeRedisPrefix } from '@mosaic/platform-messaging';
// The benchmark replays the dataset tool's own test split; tools has no package entry to import it through.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { loadCwru } from '../../tools/datasets/src/telemetry/cwru.loader';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { planBatches } from '../../tools/datasets/src/telemetry/telemetry-dataset.builder';
import { client } from './client';
import { ingestionThroughput, queueBacklog, sustainedLoad, waitCompleted } from './load';
import { compareRates, ingestEachBatch, predictEachWindow } from './quality';
import { renderSection, replaceSection, type TelemetryResults } from './report';
import { createKey, prepareStores, root, startApi, startWorker, type Proc, type StackOptions } from './stack';

const { values: options } = parseArgs({
  options: {
    'database-url': { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432/mosaic_bench_telemetry' },
    'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' },
    'models-dir': { type: 'string', default: join(root, 'models') },
    seconds: { type: 'string', default: '10' },
    'lag-seconds': { type: 'string', default: '30' },
    data: { type: 'string', default: join(root, '../shared/datasets') },
  },
});

const PORT = 3913;
const stack: StackOptions = {
  databaseUrl: options['database-url'],
  redisUrl: options['redis-url'],
  redisPrefix: 'mosaic-bench-telemetry',
  modelsDir: resolve(options['models-dir']),
};
const throughputSeconds = Number(options.seconds);
const lagSeconds = Number(options['lag-seconds']);
const datasets = resolve(options.data);

const running: Proc[] = [];
async function stopAll(): Promise<void> {
  await Promise.all(running.splice(0).map((p) => p.stop()));
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0] ?? 0;
  if (!existsSync(join(stack.modelsDir, 'telemetry-cnn-moe'))) throw new Error(`no telemetry-cnn-moe under ${stack.modelsDir}; train it with npm run models:train -- telemetry-cnn-moe`);
  await prepareStores(stack);
  const run = Date.now().toString(36);
  const call = client(`http://127.0.0.1:${PORT}`, createKey(stack, `bench-${run}`));
  const recordings = loadCwru(datasets);
  const testBatches = planBatches(recordings, 'test');
  const cwruSecond = (id: string) => {
    const recording = recordings.find((r) => r.id === id);
    if (!recording) throw new Error(`no CWRU recording ${id}`);
    return Float32Array.from(recording.vibration.subarray(0, recording.sampleRateHz));
  };

  console.log(`quality: ${testBatches.length} test batches of the 3 HP split`);
  running.push(await startApi(stack, PORT, { WINDOW_HOP_SAMPLES: '512' }));
  const viaPredict = await predictEachWindow(call, testBatches);
  console.log(`  /v1/predict, window by window: macro-F1 ${viaPredict.macroF1.toFixed(4)} over ${viaPredict.windows} windows`);
  const rates = await compareRates(call, recordings, 3);
  console.log(`  48 kHz vs 12 kHz: ${rates.agreeing}/${rates.pairs} agree`);
  const worker512 = await startWorker(stack, { WINDOW_HOP_SAMPLES: '512' });
  running.push(worker512);
  const viaIngestion = await ingestEachBatch(call, testBatches, run);
  console.log(`  ingestion: macro-F1 ${viaIngestion.macroF1.toFixed(4)} over ${viaIngestion.windows} windows`);
  await stopAll();

  console.log('ingestion throughput (no worker running)');
  const api = await startApi(stack, PORT);
  running.push(api);
  const apiCpuBefore = api.cpuSeconds();
  const at48k = await ingestionThroughput(call, `${run}-48k`, { connections: 16, seconds: throughputSeconds, samples: cwruSecond('Normal_0_48k'), sampleRateHz: 48_000 });
  const apiCpu48k = api.cpuSeconds() - apiCpuBefore;
  console.log(`  1 s of 48 kHz per request: ${Math.round(at48k.samplesPerSecond)} samples/s, p95 ${at48k.latencyMs.p95.toFixed(1)} ms`);
  const at12k = await ingestionThroughput(call, `${run}-12k`, { connections: 16, seconds: throughputSeconds, samples: cwruSecond('IR007_3'), sampleRateHz: 12_000 });
  console.log(`  1 s of 12 kHz per request: ${Math.round(at12k.samplesPerSecond)} samples/s, p95 ${at12k.latencyMs.p95.toFixed(1)} ms`);
  await purgeRedisPrefix(stack.redisUrl, stack.redisPrefix);

  console.log('worker throughput');
  const backlog = await queueBacklog(call, run, 40, Float32Array.from(recordings.find((r) => r.id === 'OR014@6_3')?.vibration.subarray(0, 120_000) ?? []), 12_000);
  const worker = await startWorker(stack);
  running.push(worker);
  const workerStarted = Date.now();
  const cpuStart = worker.cpuSeconds();
  await waitCompleted(call, backlog.ids, 600_000);
  const workerSeconds = (Date.now() - workerStarted) / 1000;
  const workerCpu = worker.cpuSeconds() - cpuStart;
  const workerResult = {
    batches: backlog.ids.length,
    windows: backlog.windows,
    seconds: workerSeconds,
    cpuSeconds: workerCpu,
    windowsPerSecond: backlog.windows / workerSeconds,
    windowsPerCpuSecond: backlog.windows / workerCpu,
  };
  console.log(`  ${Math.round(workerResult.windowsPerSecond)} windows/s wall, ${Math.round(workerResult.windowsPerCpuSecond)} windows per CPU second`);

  console.log(`queue lag: 50 assets x 1 s of 12 kHz per second for ${lagSeconds} s`);
  const lag = await sustainedLoad(call, run, { assets: 50, seconds: lagSeconds, samples: cwruSecond('B014_3'), sampleRateHz: 12_000 });
  console.log(`  lag p50 ${lag.lagMs.p50} ms, p95 ${lag.lagMs.p95} ms, max ${lag.lagMs.max} ms`);
  await stopAll();
  await purgeRedisPrefix(stack.redisUrl, stack.redisPrefix);

  const manifest = JSON.parse(readFileSync(join(stack.modelsDir, 'telemetry-cnn-moe', latestVersion(stack.modelsDir), 'manifest.json'), 'utf8')) as { version: string; metrics: Record<string, number> };
  const results: TelemetryResults = {
    ranAt: new Date().toISOString(),
    machine: { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: [loadAtStart, loadavg()[0] ?? 0] },
    model: { version: `telemetry-cnn-moe@${manifest.version}`, cardMetrics: manifest.metrics },
    quality: { viaPredict, viaIngestion, rates },
    ingestion: { at48k, at12k, apiCpuSeconds48k: apiCpu48k },
    worker: workerResult,
    lag,
  };
  const resultsDir = join(root, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'telemetry.json'), `${JSON.stringify(results, null, 2)}\n`);
  const readmePath = join(root, 'bench/README.md');
  writeFileSync(readmePath, replaceSection(existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '', renderSection(results)));
  console.log('wrote bench/results/telemetry.json and the telemetry section of bench/README.md');
}

function latestVersion(modelsDir: string): string {
  const versions = readdirSync(join(modelsDir, 'telemetry-cnn-moe')).filter((v) => /^\d+\.\d+\.\d+$/.test(v));
  return versions.sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).at(-1) ?? '';
}

main()
  .catch(async (error: unknown) => {
    console.error((error as Error).message);
    process.exitCode = 1;
  })
  .finally(stopAll);
