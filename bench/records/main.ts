/**
 * `npm run bench -- records [--documents 400] [--requests 300] [--backlog 300] [--models-dir models]`:
 * the records service end to end, as API and worker processes started from apps/records-api against
 * PostgreSQL and Redis:
 *   quality     the bilingual synthetic held-out test documents (tools/datasets, seeds and vocabulary
 *               pools the model never trained on) uploaded to POST /v1/documents, extracted by the
 *               worker, read back with GET: field accuracy as the contract defines the fields
 *   latency     POST /v1/extract of a 2,000-character document, one request at a time, then 4 at once
 *   throughput  a backlog of 2,000-character documents extracted by one worker process: documents per
 *               second, and per CPU second of that process (every thread: "per core")
 *   pipeline    the CPU a 2,000-character document takes in the tagger and in the rest of
 *               @mosaic/records, measured in this process, to show where the worker's time goes
 * Writes bench/results/records.json and the records section of bench/README.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { BaseConfig } from '@mosaic/platform-config';
import { PrismaService } from '@mosaic/platform-database';
import { purgeRedisPrefix } from '@mosaic/platform-messaging';
// The benchmark scores the dataset tool's own held-out documents; tools has no package entry to import them through.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { generateDocuments, type SyntheticDocument } from '../../tools/datasets/src/records/synthetic-records.generator';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { SYNTHETIC_TEST_DOCUMENTS } from '../../tools/datasets/src/records/build-records-dataset';
import { pipelineCpu } from './pipeline-cpu';
import { renderSection, replaceSection, type RecordsBenchResults } from './report';
import { scoreDocuments, type Extracted } from './scoring';
import { createKey, prepare, root, startApi, startWorker, type ServiceProcess, type Stack } from './stack';

const { values: options } = parseArgs({
  options: {
    'database-url': { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432/mosaic_bench_records' },
    'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' },
    'models-dir': { type: 'string', default: join(root, 'models') },
    documents: { type: 'string', default: String(SYNTHETIC_TEST_DOCUMENTS) },
    requests: { type: 'string', default: '300' },
    backlog: { type: 'string', default: '300' },
  },
});

const PORT = 3912;
const BASE = `http://127.0.0.1:${PORT}`;
const stack: Stack = {
  databaseUrl: options['database-url'],
  redisUrl: options['redis-url'],
  redisPrefix: 'mosaic-bench-records',
  modelsDir: resolve(options['models-dir']),
};
const documentCount = Number(options.documents);
const requestCount = Number(options.requests);
const backlogCount = Number(options.backlog);
const DOCUMENT_CHARACTERS = 2_000;

const running: ServiceProcess[] = [];

async function call<T>(key: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function pool<T, R>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as T, index);
      }
    }),
  );
  return results;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function upload(key: string, text: string): Promise<string> {
  const response = await call<{ documentId: string }>(key, 'POST', '/v1/documents', { text });
  if (response.status !== 202) throw new Error(`upload answered ${response.status}`);
  return response.body.documentId;
}

async function waitFinished(prisma: PrismaService, ids: readonly string[], timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const finished = await prisma.recordDocument.count({ where: { id: { in: [...ids] }, status: { in: ['completed', 'failed'] } } });
    if (finished === ids.length) return performance.now();
    if (Date.now() > deadline) throw new Error(`${ids.length - finished} of ${ids.length} documents unfinished after ${timeoutMs} ms`);
    await sleep(25);
  }
}

/** Held-out documents of one language, joined until they make exactly `length` characters. */
function documentOf(documents: readonly SyntheticDocument[], language: 'zh' | 'en', length: number): string {
  let text = '';
  for (const doc of documents.filter((d) => d.language === language)) {
    text += `${doc.text}\n\n`;
    if (text.length >= length) break;
  }
  return text.slice(0, length);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function latency(api: ServiceProcess, key: string, text: string, requests: number, concurrency: number) {
  await pool(Array.from({ length: 20 }), concurrency, () => call(key, 'POST', '/v1/extract', { text }));
  const times: number[] = [];
  let errors = 0;
  const cpuBefore = api.cpuSeconds();
  const started = performance.now();
  await pool(Array.from({ length: requests }), concurrency, async () => {
    const t0 = performance.now();
    const response = await call(key, 'POST', '/v1/extract', { text });
    times.push(performance.now() - t0);
    if (response.status !== 200) errors += 1;
  });
  const seconds = (performance.now() - started) / 1000;
  const apiCpuMsPerRequest = ((api.cpuSeconds() - cpuBefore) * 1000) / requests;
  times.sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    concurrency,
    requests,
    errors,
    perSecond: round(requests / seconds),
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    p99: round(percentile(times, 99)),
    apiCpuMsPerRequest: round(apiCpuMsPerRequest),
  };
}

/**
 * The worker's CPU per document by thread. Its one inference thread (RECORDS_MODEL_WORKERS=1) is the
 * busiest thread after the main one by far (the tagger); the rest are V8's and libuv's helpers.
 */
function byThread(pid: number, before: Map<number, number>, after: Map<number, number>, documents: number) {
  const used = [...after].map(([tid, seconds]) => ({ tid, ms: ((seconds - (before.get(tid) ?? 0)) * 1000) / documents }));
  const main = used.find((t) => t.tid === pid)?.ms ?? 0;
  const others = used.filter((t) => t.tid !== pid).sort((a, b) => b.ms - a.ms);
  const inference = others[0]?.ms ?? 0;
  const round = (v: number) => Math.round(v * 10) / 10;
  return { main: round(main), inference: round(inference), other: round(others.slice(1).reduce((sum, t) => sum + t.ms, 0)) };
}

async function main(): Promise<void> {
  await prepare(stack);
  const prisma = new PrismaService({ DATABASE_URL: stack.databaseUrl } as BaseConfig);
  const key = createKey(stack, `bench-${Date.now().toString(36)}`);
  const documents = generateDocuments('test', documentCount);
  const api = await startApi(stack, PORT, { RECORDS_MODEL_WORKERS: String(availableParallelism()) });
  running.push(api);
  let worker = await startWorker(stack, { WORKER_CONCURRENCY: '4', RECORDS_MODEL_WORKERS: '1' });
  running.push(worker);

  console.log(`quality: ${documents.length} held-out synthetic documents through POST /v1/documents and the worker`);
  const ids = await pool(documents, 8, (doc) => upload(key, doc.text));
  await waitFinished(prisma, ids, 600_000);
  const extracted = await pool(ids, 8, async (id) => (await call<Extracted>(key, 'GET', `/v1/documents/${id}`)).body);
  const quality = scoreDocuments(documents, extracted);
  console.log(JSON.stringify(quality.metrics));

  const zh = documentOf(documents, 'zh', DOCUMENT_CHARACTERS);
  const en = documentOf(documents, 'en', DOCUMENT_CHARACTERS);
  console.log(`latency: POST /v1/extract, ${DOCUMENT_CHARACTERS}-character documents, ${requestCount} requests each`);
  const latencies = [
    { language: 'zh', ...(await latency(api, key, zh, requestCount, 1)) },
    { language: 'en', ...(await latency(api, key, en, requestCount, 1)) },
    { language: 'zh', ...(await latency(api, key, zh, requestCount, 4)) },
  ];
  console.log(JSON.stringify(latencies));

  console.log(`throughput: a backlog of ${backlogCount} ${DOCUMENT_CHARACTERS}-character documents, one worker process`);
  await worker.stop();
  running.splice(running.indexOf(worker), 1);
  const backlog = await pool(Array.from({ length: backlogCount }, (_, i) => (i % 2 === 0 ? zh : en)), 8, (text) => upload(key, text));
  worker = await startWorker(stack, { WORKER_CONCURRENCY: '4', RECORDS_MODEL_WORKERS: '1' });
  running.push(worker);
  const cpuBefore = worker.cpuSeconds();
  const threadsBefore = worker.threadCpuSeconds();
  const t0 = performance.now();
  const t1 = await waitFinished(prisma, backlog, 600_000);
  const cpu = worker.cpuSeconds() - cpuBefore;
  const threadsMs = byThread(worker.pid, threadsBefore, worker.threadCpuSeconds(), backlogCount);
  const wallSeconds = (t1 - t0) / 1000;
  const completed = await prisma.recordDocument.count({ where: { id: { in: backlog }, status: 'completed' } });
  const throughput = {
    documents: backlogCount,
    completed,
    wallSeconds: Math.round(wallSeconds * 100) / 100,
    workerCpuSeconds: Math.round(cpu * 100) / 100,
    perSecond: Math.round((backlogCount / wallSeconds) * 10) / 10,
    perCpuSecond: Math.round((backlogCount / cpu) * 10) / 10,
    threadsMs,
  };
  console.log(JSON.stringify(throughput));

  await Promise.all(running.splice(0).map((p) => p.stop()));
  const model = (extracted.find((e) => e.extraction)?.extraction?.modelVersion as string | undefined) ?? 'unknown';
  const version = model.split('@')[1] ?? '';
  const modelDir = join(stack.modelsDir, 'records-ner-moe', version);
  const card = (JSON.parse(readFileSync(join(modelDir, 'manifest.json'), 'utf8')) as { metrics: Record<string, number> }).metrics;
  const pipeline = await pipelineCpu(modelDir, { zh, en });
  console.log(JSON.stringify(pipeline));

  const results: RecordsBenchResults = {
    date: new Date().toISOString(),
    machine: { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: loadavg().map((l) => Math.round(l * 10) / 10) },
    model,
    quality,
    card: Object.fromEntries(Object.entries(card).filter(([k]) => k.startsWith('synthetic.')).map(([k, v]) => [k.replace('synthetic.', ''), v])),
    latency: latencies,
    throughput,
    pipeline,
  };
  writeFileSync(join(root, 'bench/results/records.json'), `${JSON.stringify(results, null, 2)}\n`);
  const readme = join(root, 'bench/README.md');
  writeFileSync(readme, replaceSection(readFileSync(readme, 'utf8'), renderSection(results)));
  await prisma.$disconnect();
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await Promise.all(running.map((p) => p.stop()));
    await purgeRedisPrefix(stack.redisUrl, stack.redisPrefix);
  });
