/** Renders bench/results/inference.json as the inference section of bench/README.md. */
const START = '<!-- inference:start -->';
const END = '<!-- inference:end -->';

interface Load {
  throughput: number;
  cpuUsPerCall: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
}

export interface InferenceResults {
  generatedAt: string;
  /** loadAverage: the 1-minute load average when the run started and when it ended. */
  machine: { cores: number; node: string; onnxruntime: string; loadAverage: [number, number] };
  secondsPerMeasurement: number;
  /** bench-moe first, then every production model. */
  overhead: Array<{
    callers: number;
    model: string;
    bareThroughput: number;
    oneWorkerThroughput: number;
    pooledThroughput: number;
    bareCpuUs: number;
    libraryCpuUs: number;
    overhead: number;
  }>;
  sparseVsDense: Array<{ model: string; batch: number | null; sparseUs?: number; denseUs?: number; speedup?: number; note?: string }>;
  batching: {
    model: string;
    callers: number;
    workers: number;
    withBatching: Load;
    without: Load;
    throughputRatio: number;
    cpuRatio: number;
    p95Ratio: number;
    /** [best, worst] of the rounds. */
    eventLoopLagP99Ms: { withBatching: number[]; without: number[]; spareCore: number[] };
    eventLoopUtilisation: { withBatching: number; without: number; spareCore: number };
    spareCore: Load & { workers: number };
  };
  mainThreadLagP99Ms: number;
  /** An idle event loop on the same machine in the same run: the floor set by the machine's load. */
  idleLagP99Ms: number;
  quantisation: Array<{
    model: string;
    variant: string;
    bytes: number;
    sizeRatio: number;
    accuracy?: number;
    accuracyLossPoints?: number;
    manifestMetrics?: Record<string, number>;
    batch1Us: number;
    batch64Us: number;
  }>;
}

const f = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits));
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
/** Met in every round, or only in the least disturbed one. */
const roundsVerdict = ([best, worst]: number[], bar: number) => ((worst ?? 99) < bar ? 'met' : (best ?? 99) < bar ? 'met in the best round only' : '**missed**');

export function renderSection(r: InferenceResults): string {
  const o = r.overhead[0] as InferenceResults['overhead'][number];
  const b = r.batching;
  const int4 = r.quantisation.find((q) => q.model === 'bench-moe' && q.variant === 'int4');
  const perTensor = r.quantisation.find((q) => q.model === 'bench-moe' && q.variant === 'int4-per-tensor');
  const lag = b.eventLoopLagP99Ms;
  const range = (v: number[]) => `${f(v[0], 1)}-${f(v[1], 1)} ms`;
  const sparseRows = r.sparseVsDense.filter((s) => s.model === 'bench-moe' && s.batch !== null);
  const lines = [
    START,
    '## Inference (libs/moe-inference)',
    '',
    `Reproduce: \`npm run bench -- inference\` (writes \`bench/results/inference.json\` and this section). Last run ${r.generatedAt}, ` +
      `${r.machine.cores} cores, Node ${r.machine.node}, onnxruntime-node ${r.machine.onnxruntime}, ${r.secondsPerMeasurement} s per measurement. ` +
      `The 1-minute load average was ${f(r.machine.loadAverage[0], 1)} at the start and ${f(r.machine.loadAverage[1], 1)} at the end, on ${r.machine.cores} cores that other jobs may share, so each ratio alternates its two sides in rounds and ` +
      'takes the least disturbed round of each (latency percentiles pool every round). Wall-clock ratios still move between runs on such a machine; ' +
      'CPU time per call (every thread of the process) is the steadier measure and is shown beside them.',
    '',
    '`bench-moe` is a synthetic expert-dominated model (bench/inference/make_bench_model.py: 32 -> 128, 16 experts 128 -> 512 -> 128 at top-4, trained on a synthetic task).',
    '',
    '| Claim | Bar | Measured | |',
    '| --- | --- | --- | --- |',
    `| Library overhead vs bare session, batch 1, throughput (a worker per core, ${o.callers} callers, vs bare sequential) | <= 10% | ${f((1 - o.pooledThroughput / o.bareThroughput) * 100)}% (${f(o.pooledThroughput, 0)} vs ${f(o.bareThroughput, 0)} calls/s; one worker, one caller: ${f(o.oneWorkerThroughput, 0)}) | ${verdict(o.pooledThroughput >= 0.9 * o.bareThroughput)} |`,
    `| Same, in CPU time per call (all threads of the process; stricter) | <= 10% | ${f(o.overhead * 100)}% (${f(o.libraryCpuUs, 0)} vs ${f(o.bareCpuUs, 0)} us) | ${verdict(o.overhead <= 0.1)} |`,
    ...sparseRows.map((s) => `| Sparse vs dense, top-4 of 16, batch ${s.batch} | >= 2.3x | ${f(s.speedup, 2)}x | ${verdict((s.speedup ?? 0) >= 2.3)} |`),
    `| Dynamic batching vs none, 64 callers, throughput | >= 3x | ${f(b.throughputRatio, 2)}x wall clock (${f(b.cpuRatio, 2)}x less CPU per call) | ${verdict(b.throughputRatio >= 3)} |`,
    `| Dynamic batching vs none, p95 latency | no worse | ${f(b.withBatching.p95Ms, 2)} ms vs ${f(b.without.p95Ms, 2)} ms | ${verdict(b.p95Ratio <= 1)} |`,
    `| 4-bit block-32 size vs fp32 | >= 60% smaller | ${f((1 - (int4?.sizeRatio ?? 1)) * 100)}% smaller | ${verdict((int4?.sizeRatio ?? 1) <= 0.4)} |`,
    `| 4-bit block-32 accuracy loss | <= 1.2 points, less than per-tensor | ${f(int4?.accuracyLossPoints, 2)} points (per-tensor 4-bit: ${f(perTensor?.accuracyLossPoints, 2)}) | ${verdict((int4?.accuracyLossPoints ?? 99) <= 1.2 && (int4?.accuracyLossPoints ?? 99) < (perTensor?.accuracyLossPoints ?? 0))} |`,
    `| Event-loop lag p99, 64 callers saturating ${b.workers} workers (batched), best-worst round | < 5 ms | ${range(lag.withBatching)} (event loop busy ${f(b.eventLoopUtilisation.withBatching * 100, 0)}%) | ${roundsVerdict(lag.withBatching, 5)} |`,
    `| Event-loop lag p99, same with ${b.spareCore.workers} worker(s), a core left to the event loop | < 5 ms | ${range(lag.spareCore)} (busy ${f(b.eventLoopUtilisation.spareCore * 100, 0)}%, ${f(b.spareCore.throughput, 0)} calls/s) | ${roundsVerdict(lag.spareCore, 5)} |`,
    '',
    `For contrast, the same model run on the main thread (4 callers, batch 64) gives an event-loop lag p99 of ${f(r.mainThreadLagP99Ms, 1)} ms. ` +
      `Unbatched with 64 callers the lag p99 is ${range(lag.without)}. An idle event loop on this machine during the same run: ${f(r.idleLagP99Ms, 1)} ms p99 ` +
      '(the floor the neighbours set). Workers run at nice 10 so the event loop preempts them.',
    '',
    `### Dynamic batching (${b.model}, ${b.callers} closed-loop callers, ${b.workers} workers)`,
    '',
    '| | calls/s | CPU us/call | p50 ms | p95 ms | p99 ms | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...[
      ['window 1 ms, max 64 rows', b.withBatching],
      ['no batching', b.without],
    ].map(([label, l]) => {
      const load = l as Load;
      return `| ${label as string} | ${f(load.throughput, 0)} | ${f(load.cpuUsPerCall, 0)} | ${f(load.p50Ms, 2)} | ${f(load.p95Ms, 2)} | ${f(load.p99Ms, 2)} | ${load.errors} |`;
    }),
    '',
    `### Library overhead at batch 1 (a worker per core and ${o.callers} callers, against a bare session called in a loop on one thread)`,
    '',
    'A call through the library crosses to a worker thread and back; what that costs is fixed per call, so it weighs on small models and vanishes on large ones.',
    '',
    '| model | bare us/run | bare calls/s | library calls/s | throughput vs bare | library CPU us/call (all threads) | CPU vs bare |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.overhead.map(
      (m) =>
        `| ${m.model} | ${f(1e6 / m.bareThroughput, 0)} | ${f(m.bareThroughput, 0)} | ${f(m.pooledThroughput, 0)} | ${f((m.pooledThroughput / m.bareThroughput - 1) * 100)}% | ${f(m.libraryCpuUs, 0)} | +${f(m.overhead * 100)}% |`,
    ),
    '',
    '### Sparse (com.microsoft.MoE) vs dense (every expert, then mask), one thread',
    '',
    '| model | batch | sparse us/run | dense us/run | speedup |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...r.sparseVsDense.map((s) => (s.batch === null ? `| ${s.model} | - | - | - | ${s.note ?? ''} |` : `| ${s.model} | ${s.batch} | ${f(s.sparseUs, 0)} | ${f(s.denseUs, 0)} | ${f(s.speedup, 2)}x |`)),
    '',
    '### Quantisation variants (one thread; accuracy on the held-out synthetic test split for bench-moe)',
    '',
    '| model | variant | bytes | size vs fp32 | accuracy | loss (points) | us/run batch 1 | us/run batch 64 |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.quantisation.map(
      (q) =>
        `| ${q.model} | ${q.variant} | ${q.bytes} | ${f(q.sizeRatio * 100)}% | ${q.accuracy === undefined ? 'see model card' : f(q.accuracy * 100, 2) + '%'} | ${f(q.accuracyLossPoints, 2)} | ${f(q.batch1Us, 0)} | ${f(q.batch64Us, 0)} |`,
    ),
    END,
  ];
  return lines.join('\n');
}

/** Replaces the inference section (or appends it), leaving the other suites' sections alone. */
export function replaceSection(readme: string, section: string): string {
  const base = readme.trim() ? readme : '# Benchmarks\n\n`npm run bench -- <suite>` runs bench/<suite>/main.ts; each suite owns a section below.\n';
  const start = base.indexOf(START);
  const end = base.indexOf(END);
  if (start >= 0 && end > start) return `${base.slice(0, start)}${section}${base.slice(end + END.length)}`;
  return `${base.trimEnd()}\n\n${section}\n`;
}
