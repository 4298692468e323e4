/**
 * One loaded model version and variant: validation, cache, batching, routing statistics and drift
 * around the worker pool's runs of its graph.
 */
import type { HostTensor } from '../backend/onnx-backend';
import { elementCount, allocate } from '../backend/host-tensor';
import { DynamicBatcher, type BatchingOptions } from '../batching/dynamic-batcher';
import { ResultCache, hashFeeds, type CacheOptions } from '../cache/result-cache';
import { DriftMonitor } from '../drift/drift-monitor';
import { InferenceError, ModelLoadError } from '../errors/inference.errors';
import type { InferenceMetrics, ModelMetricsSnapshot } from '../metrics/inference-metrics';
import { ExpertStats, routingOf, type RowRouting } from '../moe/expert-stats';
import type { WorkerPool } from '../pool/worker-pool';
import { compareWithGolden, goldenFeeds } from '../registry/golden';
import { batchAxisSymbol, validateInputs } from '../registry/input-validator';
import type { ModelFiles } from '../registry/model-repository';
import type { ModelManifest } from '../registry/manifest';

export interface ModelRef {
  name: string;
  version: string;
  variant: string;
}

export interface InferenceResult {
  model: ModelRef;
  outputs: Record<string, HostTensor>;
  /** The router's choice for each row of the request, from the manifest's moe outputs. */
  routing: RowRouting[];
  /** True when the answer came from the result cache. */
  cached: boolean;
}

/**
 * Routing rows are built on first read: a token model routes thousands of positions per call, which
 * most callers never list. A class, so that the getter sits on the prototype (an accessor on each
 * object literal made every result a slow dictionary object, and the event loop's lag p99 under
 * saturation rose from about 2.5 to 7 ms).
 */
class RoutedResult implements InferenceResult {
  private rows?: RowRouting[];

  constructor(
    readonly model: ModelRef,
    readonly outputs: Record<string, HostTensor>,
    readonly cached: boolean,
    private readonly router: { weights?: HostTensor; indices?: HostTensor },
  ) {}

  get routing(): RowRouting[] {
    const { weights, indices } = this.router;
    return (this.rows ??= weights && indices ? routingOf(weights, indices) : []);
  }

  fromCache(): RoutedResult {
    return new RoutedResult(this.model, this.outputs, true, this.router);
  }
}

export interface InferOptions {
  /** Fail with DeadlineExceededError when no answer came within this many milliseconds. */
  deadlineMs?: number;
}

export interface ModelRuntimeOptions {
  batching: BatchingOptions;
  cache?: CacheOptions;
  topWeightFloor: number;
  driftWindow: number;
  /** Compare the warm-up run with golden.json and refuse the model on a mismatch (fp32 graphs). */
  verifyGolden: boolean;
}

export function modelKey(ref: ModelRef): string {
  return `${ref.name}@${ref.version}/${ref.variant}`;
}

/** Inputs for a warm-up run when there is no golden file: zeros, with every symbolic dimension 1. */
function zeroFeeds(manifest: ModelManifest): Record<string, HostTensor> {
  return Object.fromEntries(
    manifest.inputs.map((spec) => {
      const dims = spec.shape.map((d) => (typeof d === 'number' ? d : 1));
      return [spec.name, { type: spec.type, dims, data: allocate(spec.type, elementCount(dims)) }];
    }),
  );
}

export class LoadedModel {
  readonly ref: ModelRef;
  readonly key: string;
  readonly manifest: ModelManifest;
  private readonly batcher: DynamicBatcher;
  private readonly cache?: ResultCache<RoutedResult>;
  private readonly experts: ExpertStats;
  private readonly drift: DriftMonitor;
  private readonly labels: Record<'model' | 'version' | 'variant', string>;
  /** Metric children bound to this model's labels once, not hashed again on every call. */
  private readonly bound: {
    latency: { observe(seconds: number): void };
    ok: { inc(): void };
    cached: { inc(): void };
    hit: { inc(): void };
    miss: { inc(): void };
    routes: Array<{ inc(count: number): void }>;
  };
  ready = false;

  constructor(
    private readonly files: ModelFiles,
    private readonly pool: WorkerPool,
    private readonly metrics: InferenceMetrics,
    private readonly options: ModelRuntimeOptions,
  ) {
    this.manifest = files.manifest;
    this.ref = { name: files.manifest.name, version: files.manifest.version, variant: files.variant };
    this.key = modelKey(this.ref);
    this.labels = { model: this.ref.name, version: this.ref.version, variant: this.ref.variant };
    this.bound = {
      latency: metrics.latency.labels(this.labels),
      ok: metrics.requests.labels({ ...this.labels, outcome: 'ok' }),
      cached: metrics.requests.labels({ ...this.labels, outcome: 'cached' }),
      hit: metrics.cacheLookups.labels({ ...this.labels, result: 'hit' }),
      miss: metrics.cacheLookups.labels({ ...this.labels, result: 'miss' }),
      routes: Array.from({ length: this.manifest.moe.experts }, (_, e) => metrics.expertRoutes.labels({ ...this.labels, expert: String(e) })),
    };
    const batching = batchAxisSymbol(this.manifest) === undefined ? { ...options.batching, maxBatchRows: 1, windowMs: 0 } : options.batching;
    const batchRows = metrics.batchRows.labels(this.labels);
    this.batcher = new DynamicBatcher(this.key, batching, (feeds) => this.pool.run(this.key, feeds), (rows) => batchRows.observe(rows));
    this.cache = options.cache ? new ResultCache(options.cache) : undefined;
    this.experts = new ExpertStats(this.manifest.moe.experts, this.manifest.moe.topK, options.topWeightFloor);
    this.drift = new DriftMonitor(this.manifest.drift, options.driftWindow);
  }

  /** Loads the graph into every worker and warms each one up. */
  async start(): Promise<void> {
    await this.pool.load(this.key, this.files.graph);
    const feeds = this.files.golden ? goldenFeeds(this.files.golden) : zeroFeeds(this.manifest);
    const runs = await Promise.all(Array.from({ length: this.pool.size }, () => this.pool.run(this.key, feeds)));
    if (this.options.verifyGolden && this.files.golden && runs[0]) {
      const mismatches = compareWithGolden(this.files.golden, runs[0]);
      if (mismatches.length > 0) {
        await this.pool.unload(this.key);
        throw new ModelLoadError(`${this.key} does not reproduce golden.json: ${mismatches.map((m) => `${m.output}: ${m.message}`).join('; ')}`);
      }
    }
    this.ready = true;
  }

  async infer(feeds: Record<string, HostTensor>, options: InferOptions = {}): Promise<InferenceResult> {
    const started = performance.now();
    try {
      const rows = validateInputs(this.manifest, feeds);
      const cacheKey = this.cache ? hashFeeds(feeds) : undefined;
      const hit = cacheKey ? this.cache?.get(cacheKey) : undefined;
      if (this.cache) (hit ? this.bound.hit : this.bound.miss).inc();
      if (hit) {
        this.bound.cached.inc();
        return hit.fromCache();
      }
      const outputs = await this.batcher.submit(feeds, rows, options.deadlineMs);
      const { routerWeightsOutput, routerIndicesOutput } = this.manifest.moe;
      const weights = outputs[routerWeightsOutput];
      const indices = outputs[routerIndicesOutput];
      if (weights && indices) {
        this.experts.record(weights, indices).forEach((count, expert) => {
          if (count > 0) this.bound.routes[expert]?.inc(count);
        });
      }
      if (this.drift.enabled) this.drift.observe({ ...feeds, ...outputs });
      const result = new RoutedResult(this.ref, outputs, false, { weights, indices });
      if (cacheKey) this.cache?.set(cacheKey, result);
      this.bound.ok.inc();
      return result;
    } catch (error) {
      this.metrics.requests.inc({ ...this.labels, outcome: error instanceof InferenceError ? error.code : 'error' });
      throw error;
    } finally {
      this.bound.latency.observe((performance.now() - started) / 1000);
    }
  }

  /** Finishes queued calls, then unloads the graph from the workers. */
  async stop(): Promise<void> {
    this.ready = false;
    await this.batcher.close();
    await this.pool.unload(this.key);
  }

  /** Finishes queued calls without unloading (the pool is closing anyway). */
  drain(): Promise<void> {
    this.ready = false;
    return this.batcher.close();
  }

  snapshot(active: boolean): ModelMetricsSnapshot {
    return {
      ...this.ref,
      model: this.ref.name,
      active,
      ready: this.ready,
      queued: this.batcher.queued,
      experts: this.experts.snapshot(),
      drift: this.drift.status(),
      cache: this.cache ? { hitRate: this.cache.hitRate, size: this.cache.size } : undefined,
    };
  }
}
