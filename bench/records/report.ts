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
}

export interface RecordsBenchResults {
  date: string;
  machine: { cores: number; cpu: string; node: string; loadAverage: number[] };
  model: string;
  quality: QualityReport;
  latency: LatencyRow[];
  throughput: { documents: number; completed: number; wallSeconds: number; workerCpuSeconds: number; perSecond: number; perCpuSecond: number };
}

const START = '<!-- records:start -->';
const END = '<!-- records:end -->';

export const LATENCY_BAR_MS = 50;
export const THROUGHPUT_BAR = 30;

const verdict = (met: boolean) => (met ? 'met' : '**missed**');

export function renderSection(r: RecordsBenchResults): string {
  const m = r.quality.metrics;
  const sequential = r.latency.filter((l) => l.concurrency === 1);
  const worstP95 = Math.max(...sequential.map((l) => l.p95));
  const rows = [
    ...Object.entries(QUALITY_BARS).map(
      ([metric, bar]) =>
        `| ${metric} | >= ${bar} | ${(m[metric] ?? 0).toFixed(4)} (zh ${(r.quality.byLanguage['zh']?.[metric] ?? 0).toFixed(3)}, en ${(r.quality.byLanguage['en']?.[metric] ?? 0).toFixed(3)}) | ${verdict((m[metric] ?? 0) >= bar)} |`,
    ),
    `| route.accuracy | (reported) | ${(m['route.accuracy'] ?? 0).toFixed(4)} | |`,
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
    '| language | concurrent | requests | errors | req/s | p50 ms | p95 ms | p99 ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.latency.map((l) => `| ${l.language} | ${l.concurrency} | ${l.requests} | ${l.errors} | ${l.perSecond} | ${l.p50} | ${l.p95} | ${l.p99} |`),
    '',
    `### Worker throughput`,
    '',
    `${r.throughput.documents} documents of 2,000 characters (half Chinese, half English) queued with no worker running, then one worker process (WORKER_CONCURRENCY=4, one inference thread) started: ${r.throughput.completed} completed in ${r.throughput.wallSeconds} s of wall clock, using ${r.throughput.workerCpuSeconds} CPU seconds of that process (all its threads; PostgreSQL and Redis are other processes and not counted). "Per core" is documents per CPU second of the worker.`,
    END,
  ].join('\n');
}

export function replaceSection(readme: string, section: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start >= 0 && end > start) return `${readme.slice(0, start)}${section}${readme.slice(end + END.length)}`;
  return `${readme.trimEnd()}\n\n${section}\n`;
}
