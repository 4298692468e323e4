/** The telemetry section of bench/README.md, rendered from bench/results/telemetry.json. */
import type { LagResult, ThroughputResult } from './load';
import type { QualityResult, RateAgreement } from './quality';

export interface TelemetryResults {
  ranAt: string;
  machine: { cores: number; cpu: string; node: string; loadAverage: number[] };
  model: { version: string; cardMetrics: Record<string, number> };
  quality: { viaPredict: QualityResult; viaIngestion: QualityResult & { batches: number }; rates: RateAgreement };
  ingestion: { at48k: ThroughputResult; at12k: ThroughputResult; apiCpuSeconds48k: number };
  worker: { batches: number; windows: number; seconds: number; cpuSeconds: number; windowsPerSecond: number; windowsPerCpuSecond: number };
  lag: LagResult;
}

const START = '<!-- telemetry:start -->';
const END = '<!-- telemetry:end -->';

const f = (value: number, digits = 4) => value.toFixed(digits);
const int = (value: number) => Math.round(value).toLocaleString('en-US');
const verdict = (met: boolean) => (met ? 'met' : '**missed**');

export function renderSection(r: TelemetryResults): string {
  const cardF1 = r.model.cardMetrics['cwru_3hp_macro_f1'];
  const { viaPredict, viaIngestion, rates } = r.quality;
  const { at48k, at12k } = r.ingestion;
  return `${START}
## Telemetry (apps/telemetry-api)

Reproduce: \`npm run bench -- telemetry\` (writes \`bench/results/telemetry.json\` and this section; about ten minutes). Last run ${r.ranAt}, ${r.machine.cores} cores (${r.machine.cpu}), Node ${r.machine.node}, model ${r.model.version}. The API and the worker run as their own processes (\`apps/telemetry-api/src/main.ts\`, \`worker.ts\`, one inference thread each) against the local PostgreSQL and Redis, in a database of their own (\`mosaic_bench_telemetry\`); the load generator shares the same two cores. The machine is shared with other work (1-minute load average ${r.machine.loadAverage.map((l) => l.toFixed(1)).join(' at the start, ')} at the end, on 2 cores), so wall-clock throughput moves between runs; the per-CPU-second figures move less.

| Claim | Bar | Measured | |
| --- | --- | --- | --- |
| Macro-F1 through \`POST /v1/predict\`, CWRU 3 HP test windows (load never trained on) | >= 0.98${cardF1 !== undefined ? ` (card: ${f(cardF1)})` : ''} | ${f(viaPredict.macroF1)} over ${int(viaPredict.windows)} windows | ${verdict(viaPredict.macroF1 >= 0.98)} |
| Macro-F1 through ingestion (float32 upload -> worker -> stored window predictions) | >= 0.98 | ${f(viaIngestion.macroF1)} over ${int(viaIngestion.windows)} windows of ${viaIngestion.batches} batches | ${verdict(viaIngestion.macroF1 >= 0.98)} |
| Same state at 48 kHz and 12 kHz gives the same label | all pairs | ${rates.agreeing}/${rates.pairs} one-second pairs | ${verdict(rates.agreeing === rates.pairs)} |
| Ingestion over HTTP, float32 bodies | >= 2,000,000 samples/s | ${int(at48k.samplesPerSecond)} samples/s (1 s of 48 kHz per request); ${int(at12k.samplesPerSecond)} (1 s of 12 kHz) | ${verdict(at48k.samplesPerSecond >= 2e6)} |
| Worker windows per second per core | >= 500 | ${int(r.worker.windowsPerCpuSecond)} per CPU second of the worker process (${int(r.worker.windowsPerSecond)} windows/s wall) | ${verdict(r.worker.windowsPerCpuSecond >= 500)} |
| Queue lag, 50 assets x 1 s of 12 kHz every second for ${r.lag.seconds} s | reported | p50 ${int(r.lag.lagMs.p50)} ms, p95 ${int(r.lag.lagMs.p95)} ms, max ${int(r.lag.lagMs.max)} ms; last tenth p95 ${int(r.lag.lastTenthP95Ms)} ms | |

How each number is made:
- **Quality.** The test split is the dataset tool's (\`tools/datasets/src/telemetry\`, \`planBatches(recordings, 'test')\`): the nine 3 HP fault recordings and the second half of the healthy 48 kHz recording, in one-second batches with their seeded rpm, temperature and maintenance log, windows every 512 samples. Through \`/v1/predict\` each window is sent alone (its own samples, the batch's rpm, temperature and log), so its filter edges and temperature slope differ slightly from the split's in-batch windows. Through ingestion each batch goes to its own asset (with its log posted first) as a float32 upload, and the worker (run with \`WINDOW_HOP_SAMPLES=512\`) cuts exactly the split's windows. Per class via predict: ${Object.entries(viaPredict.perClass).map(([k, v]) => `${k} ${f(v, 3)}`).join(', ')}; via ingestion: ${Object.entries(viaIngestion.perClass).map(([k, v]) => `${k} ${f(v, 3)}`).join(', ')}.
- **48 vs 12 kHz.** CWRU has faults only at 12 kHz and the healthy bearing only at 48 kHz, so each one-second segment is also given at the other rate as another device would record it, with no filter shared with the service: 12 kHz fault segments linearly interpolated to 48 kHz, 48 kHz healthy segments averaged 4 to 1 to 12 kHz. Correct at 12 kHz ${rates.correctAt12k}/${rates.pairs}, at 48 kHz ${rates.correctAt48k}/${rates.pairs}.${rates.disagreements.length ? ` Disagreements: ${rates.disagreements.map((d) => `${d.recording} (${d.at12k} vs ${d.at48k})`).join(', ')}.` : ''}
- **Ingestion.** ${at48k.connections} closed-loop connections, each streaming consecutive batches of its own asset for ${f(at48k.seconds, 1)} s; 202 means validated, stored in PostgreSQL (bytea chunks) and queued in Redis. 48 kHz: ${int(at48k.requests)} requests, p50 ${f(at48k.latencyMs.p50, 1)} ms, p95 ${f(at48k.latencyMs.p95, 1)} ms, ${f(at48k.megabytesPerSecond, 1)} MB/s, refused ${JSON.stringify(at48k.refused)}, API process CPU ${f(r.ingestion.apiCpuSeconds48k, 1)} s, that is ${int((at48k.samplesPerSecond * at48k.seconds) / Math.max(r.ingestion.apiCpuSeconds48k, 1e-9))} samples per API CPU second (PostgreSQL's and the load generator's CPU not counted). 12 kHz: ${int(at12k.requests)} requests, p95 ${f(at12k.latencyMs.p95, 1)} ms.
- **Worker.** ${r.worker.batches} batches of 10 s at 12 kHz (${int(r.worker.windows)} windows, hop 1024) queued while no worker ran, then one worker process (concurrency 4, one inference thread) drained them in ${f(r.worker.seconds, 1)} s using ${f(r.worker.cpuSeconds, 1)} CPU seconds (main thread: reading chunks, resampling, windows, PostgreSQL; inference thread: the model), read from /proc.
- **Lag.** ${r.lag.assets} gateways, each uploading one second of a CWRU 3 HP recording every second (staggered), ${r.lag.batches} batches, ${r.lag.refused} refused; lag is \`completedAt - createdAt\` of each batch (accepted to predictions stored, alerts evaluated), with one API and one worker process on the same two cores as the load generator. The load asks for ${int(r.lag.assets * 10)} windows/s; ${r.lag.lastTenthP95Ms > 2 * r.lag.lagMs.p50 ? `the lag grew through the run (the last tenth of the batches waited longest), so one worker on this shared machine fell behind: scale out with more worker processes (\`WORKER_CONCURRENCY\`, \`INFERENCE_WORKERS\`) or cores` : 'the lag stayed flat through the run, so the worker kept up'}.
${END}`;
}

export function replaceSection(readme: string, section: string): string {
  const base = readme.trim() ? readme : '# Benchmarks\n\n`npm run bench -- <suite>` runs bench/<suite>/main.ts; each suite owns a section below.\n';
  const start = base.indexOf(START);
  const end = base.indexOf(END);
  if (start >= 0 && end > start) return `${base.slice(0, start)}${section}${base.slice(end + END.length)}`;
  return `${base.trimEnd()}\n\n${section}\n`;
}
