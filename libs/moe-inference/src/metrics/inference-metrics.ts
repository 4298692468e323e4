/**
 * Prometheus metrics of the inference library, in a registry of its own (or the app's) that an app
 * serves at /metrics, merged with its own: `Registry.merge([appRegistry, server.registry])`.
 * Gauges are computed at scrape time from the loaded models' snapshots.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DriftStatus } from '../drift/drift-monitor';
import type { ExpertSnapshot } from '../moe/expert-stats';

export interface ModelMetricsSnapshot {
  model: string;
  version: string;
  variant: string;
  active: boolean;
  ready: boolean;
  queued: number;
  experts: ExpertSnapshot;
  drift: DriftStatus[];
  cache?: { hitRate: number; size: number };
}

type Labels = 'model' | 'version' | 'variant';

export class InferenceMetrics {
  readonly requests: Counter<Labels | 'outcome'>;
  readonly latency: Histogram<Labels>;
  readonly batchRows: Histogram<Labels>;
  readonly expertRoutes: Counter<Labels | 'expert'>;
  readonly cacheLookups: Counter<Labels | 'result'>;
  readonly workerRestarts: Counter;
  private source: () => ModelMetricsSnapshot[] = () => [];

  constructor(
    readonly registry: Registry = new Registry(),
    prefix = 'mosaic_inference_',
  ) {
    const registers = [registry];
    const snapshots = () => this.source();
    this.requests = new Counter({
      name: `${prefix}requests_total`,
      help: 'Inference calls by outcome (ok, cached, invalid_input, overloaded, deadline_exceeded, worker_crashed, ...).',
      labelNames: ['model', 'version', 'variant', 'outcome'],
      registers,
    });
    this.latency = new Histogram({
      name: `${prefix}latency_seconds`,
      help: 'Time from call to answer, queueing and batching included.',
      labelNames: ['model', 'version', 'variant'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.batchRows = new Histogram({
      name: `${prefix}batch_rows`,
      help: 'Rows per ONNX Runtime run after dynamic batching.',
      labelNames: ['model', 'version', 'variant'],
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    });
    this.expertRoutes = new Counter({
      name: `${prefix}expert_routes_total`,
      help: 'Rows routed to each expert (a row counts once for each of its top-k experts).',
      labelNames: ['model', 'version', 'variant', 'expert'],
      registers,
    });
    this.cacheLookups = new Counter({
      name: `${prefix}cache_lookups_total`,
      help: 'Result cache lookups by result (hit or miss).',
      labelNames: ['model', 'version', 'variant', 'result'],
      registers,
    });
    this.workerRestarts = new Counter({
      name: `${prefix}worker_restarts_total`,
      help: 'Inference worker threads that died and were replaced.',
      registers,
    });
    const gauge = (name: string, help: string, extra: string[], fill: (g: Gauge<string>, s: ModelMetricsSnapshot) => void) =>
      new Gauge({
        name: `${prefix}${name}`,
        help,
        labelNames: ['model', 'version', 'variant', ...extra],
        registers,
        collect() {
          this.reset();
          for (const s of snapshots()) fill(this, s);
        },
      });
    const base = (s: ModelMetricsSnapshot) => ({ model: s.model, version: s.version, variant: s.variant });
    gauge('model_loaded', 'Loaded model versions (1), with whether each is the active one and ready.', ['active', 'ready'], (g, s) =>
      g.set({ ...base(s), active: String(s.active), ready: String(s.ready) }, 1),
    );
    gauge('queue_depth', 'Requests waiting for a batch or a worker.', [], (g, s) => g.set(base(s), s.queued));
    gauge('expert_load_cv', 'Coefficient of variation of expert load over the recent window (0 = even).', [], (g, s) => g.set(base(s), s.experts.loadCv));
    gauge('low_top_weight_share', "Share of recent rows whose top expert's routing weight is below the floor.", [], (g, s) =>
      g.set(base(s), s.experts.lowTopWeightShare),
    );
    gauge('cache_hit_ratio', 'Result cache hits over lookups since load.', [], (g, s) => {
      if (s.cache) g.set(base(s), s.cache.hitRate);
    });
    gauge('drift_psi', 'Population stability index of recent values against the training distribution.', ['feature'], (g, s) => {
      for (const d of s.drift) if (d.psi !== undefined) g.set({ ...base(s), feature: d.name }, d.psi);
    });
  }

  /** The live models, read at every scrape. */
  observe(source: () => ModelMetricsSnapshot[]): void {
    this.source = source;
  }
}
