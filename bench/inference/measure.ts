/** Timing helpers for the inference benchmark: closed-loop load, percentiles, event-loop lag. */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { HostTensor } from '@mosaic/moe-inference';

export interface LoadResult {
  calls: number;
  seconds: number;
  latenciesMs: number[];
  errors: number;
  /** CPU time of the whole process (every thread, user + system) during the run, in microseconds. */
  cpuMicros: number;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** `callers` loops, each awaiting one call after another, for `durationMs`. */
export async function closedLoop(callers: number, durationMs: number, call: () => Promise<unknown>): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let errors = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const end = started + durationMs;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          await call();
          latenciesMs.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return { calls: latenciesMs.length, seconds: (performance.now() - started) / 1000, latenciesMs, errors, cpuMicros: used.user + used.system };
}

export function merge(results: readonly LoadResult[]): LoadResult {
  return {
    calls: results.reduce((n, r) => n + r.calls, 0),
    seconds: results.reduce((n, r) => n + r.seconds, 0),
    latenciesMs: results.flatMap((r) => r.latenciesMs),
    errors: results.reduce((n, r) => n + r.errors, 0),
    cpuMicros: results.reduce((n, r) => n + r.cpuMicros, 0),
  };
}

export interface LoadSummary {
  throughput: number;
  /** Process CPU time per call: what the throughput would be bound by on cores of its own. */
  cpuUsPerCall: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
}

export function summarise(result: LoadResult): LoadSummary {
  return {
    throughput: result.calls / result.seconds,
    cpuUsPerCall: result.cpuMicros / Math.max(result.calls, 1),
    p50Ms: percentile(result.latenciesMs, 50),
    p95Ms: percentile(result.latenciesMs, 95),
    p99Ms: percentile(result.latenciesMs, 99),
    errors: result.errors,
  };
}

/** Runs `work` while sampling the event loop's delay; returns the work's result and the lag p99 in ms. */
export async function withEventLoopLag<T>(work: () => Promise<T>): Promise<{ result: T; lagP99Ms: number; lagMaxMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const result = await work();
  histogram.disable();
  return { result, lagP99Ms: histogram.percentile(99) / 1e6, lagMaxMs: histogram.max / 1e6 };
}

/** Feeds of `rows` rows built by cycling the rows of example feeds (the golden inputs). */
export function cycleRows(feeds: Record<string, HostTensor>, rows: number): Record<string, HostTensor> {
  return Object.fromEntries(
    Object.entries(feeds).map(([name, t]) => {
      const have = t.dims[0] ?? 1;
      const width = t.data.length / have;
      const data = t.data.constructor as new (n: number) => HostTensor['data'];
      const out = new data(rows * width);
      for (let r = 0; r < rows; r++) {
        // Every HostTensor array type has set/subarray; the union just cannot express it.
        (out as Float32Array).set((t.data as Float32Array).subarray((r % have) * width, (r % have) * width + width), r * width);
      }
      return [name, { type: t.type, dims: [rows, ...t.dims.slice(1)], data: out }];
    }),
  );
}
