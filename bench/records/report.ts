import { SERVICE_NODE_FLAGS } from '@mosaic/platform-config';
import type { PipelineCpu } from './pipeline-cpu';
import { QUALITY_BARS, type QualityReport } from './scoring';

export interface LatencyRow {
  language: string;
  concurrency: number;
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** CPU of the API process (every thread) per request: what the load on the machine does not inflate. */
  apiCpuMsPerRequest: number;
}

export interface RecordsBenchResults {
  date: string;
  machine: { cores: number; cpu: string; node: string; loadAverage: number[] };
  model: string;
  quality: QualityReport;
  /** The model card's synthetic metrics (manifest.metrics), computed without the service. */
  card: Record<string, number>;
  latency: LatencyRow[];
  throughput: {
    documents: number;
    completed: number;
    wallSeconds: number;
    workerCpuSeconds: number;
    perSecond: number;
    perCpuSecond: number;
    /** The worker's CPU per document by thread: the main thread, the inference thread, every other thread. */
    threadsMs: { main: number; inference: number; other: number };
  };
  pipeline: PipelineCpu[];
}

const START = '<!-- records:start -->';
const END = '<!-- records:end -->';

export const LATENCY_BAR_MS = 50;
export const THROUGHPUT_BAR = 30;

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

const verdict = (met: boolean) => (met ? 'met' : '**missed**');

/** What the pipeline's CPU says about the speed bars, worded from the measurements. */
function speedNote(r: RecordsBenchResults): string {
  const budget = 1000 / THROUGHPUT_BAR;
  const tagger = Math.min(...r.pipeline.map((p) => p.taggerMs));
  const whole = Math.min(...r.pipeline.map((p) => p.totalMs));
  const perDocument = (r.throughput.workerCpuSeconds * 1000) / r.throughput.documents;
  const ceiling =
    tagger >= budget
      ? `the tagger alone takes ${tagger} ms of CPU per 2,000-character document, more than the ${budget.toFixed(1)} ms a ${THROUGHPUT_BAR}-documents-per-second core allows, so no service could meet that bar with this graph`
      : whole >= budget
        ? `the tagger takes ${tagger} ms and the whole pipeline ${whole} ms of CPU per document, more than the ${budget.toFixed(1)} ms a ${THROUGHPUT_BAR}-documents-per-second core allows`
        : `the pipeline takes ${whole} ms of CPU per document, within the ${budget.toFixed(1)} ms budget; the worker spends ${Math.round(perDocument - mean(r.pipeline.map((p) => p.totalMs)))} ms more than the pipeline's mean over both languages (the threads above say where)`;
  return `Throughput: ${ceiling}. Latency: \`/v1/extract\` spreads a document's chunks over the API's inference threads (RECORDS_MODEL_WORKERS=2 here), and the runs share the machine's cores with other jobs (load average above), which inflates every percentile.`;
}

export function renderSection(r: RecordsBenchResults): string {
  const m = r.quality.metrics;
  const sequential = r.latency.filter((l) => l.concurrency === 1);
  const worstP95 = Math.max(...sequential.map((l) => l.p95));
  const card = (metric: string) => (r.card[metric] === undefined ? '-' : (r.card[metric] as number).toFixed(4));
  const rows = [
    ...Object.entries(QUALITY_BARS).map(
      ([metric, bar]) =>
        `| ${metric} | >= ${bar} | ${(m[metric] ?? 0).toFixed(4)} (zh ${(r.quality.byLanguage['zh']?.[metric] ?? 0).toFixed(3)}, en ${(r.quality.byLanguage['en']?.[metric] ?? 0).toFixed(3)}; model card ${card(metric)}) | ${verdict((m[metric] ?? 0) >= bar)} |`,
    ),
    `| route.accuracy | (reported) | ${(m['route.accuracy'] ?? 0).toFixed(4)} (model card ${card('route.accuracy')}) | |`,
    `| POST /v1/extract p95, 2,000 characters, one at a time | <= ${LATENCY_BAR_MS} ms | ${sequential.map((l) => `${l.language} ${l.p95} ms`).join(', ')} | ${verdict(worstP95 <= LATENCY_BAR_MS)} |`,
    `| Worker throughput, 2,000-character documents | >= ${THROUGHPUT_BAR} docs/s per core | ${r.throughput.perCpuSecond} per CPU second (${r.throughput.perSecond} docs/s wall clock) | ${verdict(r.throughput.perCpuSecond >= THROUGHPUT_BAR)} |`,
  ];
  return [
    START,
    '## records',
    '',
    `Reproduce: \`npm run bench -- records\` (writes \`bench/results/records.json\` and this section). Last run ${r.date}, ${r.machine.cores} cores (${r.machine.cpu}), Node ${r.machine.node}, load average ${r.machine.loadAverage.join(' / ')} at the end (the machine is shared with other jobs), model ${r.model}.`,
    '',
    `The API and one worker run as processes started from apps/records-api against PostgreSQL and Redis. Quality: the ${r.quality.documents} bilingual synthetic held-out test documents of tools/datasets (test seeds, name/drug/diagnosis pools and one layout never used in training) are uploaded to \`POST /v1/documents\`, extracted by the worker (normalise, split, tag, assemble, ConText, ICD-10, JSON Schema validation, encrypted storage) and read back with \`GET /v1/documents/:id\`; ${r.quality.failed} ended failed. Metric definitions are those of the model card's synthetic metrics (bench/records/scoring.ts).`,
    '',
    '| Claim | Bar | Measured | |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    '### POST /v1/extract latency (2,000-character held-out text, after 20 warm-up requests)',
    '',
    '| language | concurrent | requests | errors | req/s | p50 ms | p95 ms | p99 ms | API CPU ms per request |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.latency.map((l) => `| ${l.language} | ${l.concurrency} | ${l.requests} | ${l.errors} | ${l.perSecond} | ${l.p50} | ${l.p95} | ${l.p99} | ${l.apiCpuMsPerRequest} |`),
    '',
    '"API CPU" is the CPU the API process (all its threads: HTTP, pipeline, inference) spent per request over the run; unlike the percentiles it does not grow with the load on the machine.',
    '',
    `### Worker throughput`,
    '',
    `${r.throughput.documents} documents of 2,000 characters (half Chinese, half English) queued with no worker running, then one worker process (WORKER_CONCURRENCY=4, one inference thread, the service's default RECORDS_MODEL_VARIANT, Node flags ${SERVICE_NODE_FLAGS.join(' ')} as npm start uses) started: ${r.throughput.completed} completed in ${r.throughput.wallSeconds} s of wall clock, using ${r.throughput.workerCpuSeconds} CPU seconds of that process (all its threads; PostgreSQL and Redis are other processes and not counted). "Per core" is documents per CPU second of the worker.`,
    '',
    `Per document, by thread of the worker: the main thread ${r.throughput.threadsMs.main} ms (BullMQ, PostgreSQL, decryption and encryption, JSON Schema validation, logging, and the pipeline outside the tagger), the inference thread ${r.throughput.threadsMs.inference} ms (the tagger), the other threads ${r.throughput.threadsMs.other} ms (V8's garbage-collection and compiler helpers, libuv).`,
    '',
    '### Where a document\'s CPU goes (the pipeline alone, in the benchmark process, one ONNX Runtime thread)',
    '',
    '| language | CPU ms per 2,000-character document | tagger (records-ner-moe) | rest of @mosaic/records | ceiling, documents per CPU second | the worker, service included |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...r.pipeline.map(
      (p) =>
        `| ${p.language} | ${p.totalMs} | ${p.taggerMs} | ${p.restMs} | ${Math.round((1000 / p.totalMs) * 10) / 10} | ${Math.round(((r.throughput.workerCpuSeconds * 1000) / r.throughput.documents) * 10) / 10} ms (both languages) |`,
    ),
    '',
    `The quality rows are the model's: each row shows the model card's synthetic metric beside it (the same documents through the same pipeline without the service, from the model's manifest); the misses are the model's and are stated in its card. ${speedNote(r)}`,
    END,
  ].join('\n');
}

export function replaceSection(readme: string, section: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start >= 0 && end > start) return `${readme.slice(0, start)}${section}${readme.slice(end + END.length)}`;
  return `${readme.trimEnd()}\n\n${section}\n`;
}
