/**
 * The library's front door, framework-agnostic: an app creates one ModelServer at boot, loads its
 * models, calls infer() per request, serves health() at /health/ready and `registry` at /metrics, and
 * awaits shutdown() on exit. Several versions of a model stay loaded side by side; activate() and
 * rollback() switch which one answers without a restart.
 */
import { availableParallelism } from 'node:os';
import type { Registry } from 'prom-client';
import { defaultBackendOptions, type BackendOptions, type HostTensor } from '../backend/onnx-backend';
import { defaultBatchingOptions, type BatchingOptions } from '../batching/dynamic-batcher';
import type { CacheOptions } from '../cache/result-cache';
import type { DriftStatus } from '../drift/drift-monitor';
import { ModelNotFoundError, ShutdownError } from '../errors/inference.errors';
import { InferenceMetrics } from '../metrics/inference-metrics';
import type { ExpertSnapshot } from '../moe/expert-stats';
import { WorkerPool } from '../pool/worker-pool';
import { FP32, ModelRepository } from '../registry/model-repository';
import { LoadedModel, modelKey, type InferOptions, type InferenceResult, type ModelRef } from './loaded-model';

/** The subset of a pino logger the server writes to; it never logs inputs or outputs. */
export interface InferenceLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface ModelServerOptions {
  /** The models/ folder. */
  modelsDir: string;
  /** Worker threads (default: the number of cores). */
  workers?: number;
  /** Calls handed to one worker at once, so that a busy worker runs them back to back (default 4). */
  pipelineDepth?: number;
  /** ONNX Runtime threads per session inside each worker; 1 by default, so that workers x threads <= cores. */
  backend?: Partial<BackendOptions>;
  /** Nice value of the worker threads (default 10, so the event loop preempts inference; 0 = normal). */
  workerNiceness?: number;
  /** Register the metrics in the app's registry instead of a new one. */
  registry?: Registry;
  metricPrefix?: string;
  logger?: InferenceLogger;
  /** Tests only: a worker entry that can be made to crash. */
  workerEntry?: string;
}

export interface LoadOptions {
  /** Default: the latest version under models/<name>/. */
  version?: string;
  /** fp32 (default) or a variant listed in the manifest (int8, int4, ...). */
  variant?: string;
  /** Make this the version that answers infer(name). Default: true for the first version of a name. */
  activate?: boolean;
  /** Dynamic batching (window 1 ms, 64 rows, queue 1024 by default), or false for one run per call. */
  batching?: Partial<Omit<BatchingOptions, 'maxInFlight' | 'workers'>> | false;
  /** An LRU result cache keyed by the inputs' hash; off by default. */
  cache?: CacheOptions;
  /** Rows whose top expert weight is below this count as unsure routing (default 0.5). */
  topWeightFloor?: number;
  /** Values kept per drift histogram (default 2000). */
  driftWindow?: number;
  /** Refuse the model unless its warm-up reproduces golden.json (default: true for fp32). */
  verifyGolden?: boolean;
}

export interface TargetOptions extends InferOptions {
  /** Call this loaded version (and variant) instead of the active one. */
  version?: string;
  variant?: string;
}

export interface ModelHealth extends ModelRef {
  active: boolean;
  ready: boolean;
}

export interface HealthReport {
  /** True when the server accepts calls, every loaded model is ready and at least one worker is alive. */
  ready: boolean;
  status: 'ready' | 'starting' | 'degraded' | 'shutting_down';
  models: ModelHealth[];
  workers: { size: number; alive: number; restarts: number };
}

export interface ModelStatus extends ModelHealth {
  experts: ExpertSnapshot;
  drift: DriftStatus[];
}

export class ModelServer {
  readonly repository: ModelRepository;
  readonly metrics: InferenceMetrics;
  private readonly pool: WorkerPool;
  private readonly models = new Map<string, LoadedModel>();
  private readonly loading = new Map<string, Promise<LoadedModel>>();
  /** Active key per model name, with the keys it replaced (most recent last) for rollback. */
  private readonly active = new Map<string, string>();
  private readonly history = new Map<string, string[]>();
  private closing = false;

  constructor(private readonly options: ModelServerOptions) {
    this.repository = new ModelRepository(options.modelsDir);
    this.metrics = new InferenceMetrics(options.registry, options.metricPrefix);
    const workers = options.workers ?? availableParallelism();
    // One ONNX Runtime thread per worker even when workers < cores: measured here, a second intra-op
    // thread made batch-1 calls several times slower on a busy machine (thread wake-ups), never faster.
    const backend: BackendOptions = { ...defaultBackendOptions, ...options.backend };
    this.pool = new WorkerPool({
      size: workers,
      depth: options.pipelineDepth,
      backend,
      workerEntry: options.workerEntry,
      niceness: options.workerNiceness,
      onWorkerCrash: (error) => {
        this.metrics.workerRestarts.inc();
        options.logger?.warn({ error: error.message }, 'inference worker replaced');
      },
    });
    this.metrics.observe(() => [...this.models.values()].map((m) => m.snapshot(this.active.get(m.ref.name) === m.key)));
  }

  /** Prometheus registry holding the library's metrics. */
  get registry(): Registry {
    return this.metrics.registry;
  }

  /** Loads a model version (once, even when called concurrently), verifies it and warms it up. */
  async load(name: string, options: LoadOptions = {}): Promise<ModelRef> {
    if (this.closing) throw new ShutdownError('the model server is shutting down');
    const version = options.version ?? this.repository.latestVersion(name);
    const ref: ModelRef = { name, version, variant: options.variant ?? FP32 };
    const key = modelKey(ref);
    let model = this.models.get(key);
    if (!model) {
      let pending = this.loading.get(key);
      if (!pending) {
        pending = this.start(ref, options).finally(() => this.loading.delete(key));
        this.loading.set(key, pending);
      }
      model = await pending;
    }
    if (options.activate ?? !this.active.has(name)) this.activate(name, version, ref.variant);
    return ref;
  }

  /** Makes a loaded version the one that answers infer(name); the previous one is kept for rollback(). */
  activate(name: string, version: string, variant: string = FP32): void {
    const key = modelKey({ name, version, variant });
    if (!this.models.has(key)) throw new ModelNotFoundError(`${key} is not loaded; load() it before activating it`);
    const previous = this.active.get(name);
    if (previous === key) return;
    if (previous) this.history.set(name, [...(this.history.get(name) ?? []), previous]);
    this.active.set(name, key);
    this.options.logger?.info({ model: name, version, variant, previous }, 'model version activated');
  }

  /** Re-activates the version that was active before the current one; returns it. */
  rollback(name: string): ModelRef {
    const stack = this.history.get(name) ?? [];
    while (stack.length > 0) {
      const key = stack.pop() as string;
      const model = this.models.get(key);
      if (model) {
        this.active.set(name, key);
        this.options.logger?.info({ model: name, version: model.ref.version, variant: model.ref.variant }, 'model version rolled back');
        return model.ref;
      }
    }
    throw new ModelNotFoundError(`${name} has no earlier loaded version to roll back to`);
  }

  /** The version that answers infer(name). */
  activeModel(name: string): ModelRef {
    return this.resolve(name).ref;
  }

  async infer(name: string, feeds: Record<string, HostTensor>, options: TargetOptions = {}): Promise<InferenceResult> {
    if (this.closing) throw new ShutdownError('the model server is shutting down');
    return this.resolve(name, options.version, options.variant).infer(feeds, options);
  }

  /** Unloads a version that is not active, after its queued calls finish. */
  async unload(name: string, version: string, variant: string = FP32): Promise<void> {
    const key = modelKey({ name, version, variant });
    const model = this.models.get(key);
    if (!model) return;
    if (this.active.get(name) === key) throw new ModelNotFoundError(`${key} is active; activate another version before unloading it`);
    this.models.delete(key);
    await model.stop();
  }

  health(): HealthReport {
    const models = [...this.models.values()].map((m) => ({ ...m.ref, active: this.active.get(m.ref.name) === m.key, ready: m.ready }));
    const workers = { size: this.pool.size, alive: this.pool.aliveWorkers, restarts: this.pool.restarts };
    const allReady = models.length > 0 && models.every((m) => m.ready) && this.loading.size === 0;
    const status = this.closing
      ? 'shutting_down'
      : models.length === 0 || this.loading.size > 0
        ? 'starting'
        : allReady && workers.alive === workers.size
          ? 'ready'
          : 'degraded';
    return { ready: !this.closing && allReady && workers.alive > 0, status, models, workers };
  }

  /** Expert load and drift per loaded model, for admin endpoints and reports. */
  status(): ModelStatus[] {
    return [...this.models.values()].map((m) => {
      const s = m.snapshot(this.active.get(m.ref.name) === m.key);
      return { ...m.ref, active: s.active, ready: s.ready, experts: s.experts, drift: s.drift };
    });
  }

  /** Refuses new calls, finishes every queued and running one, then stops the workers. */
  async shutdown(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await Promise.allSettled(this.loading.values());
    await Promise.all([...this.models.values()].map((m) => m.drain()));
    await this.pool.close();
    this.options.logger?.info({ models: this.models.size }, 'model server stopped');
  }

  private async start(ref: ModelRef, options: LoadOptions): Promise<LoadedModel> {
    const files = this.repository.open(ref.name, ref.version, ref.variant);
    const batching: BatchingOptions =
      options.batching === false
        ? { ...defaultBatchingOptions, windowMs: 0, maxBatchRows: 1, maxInFlight: this.pool.capacity, workers: this.pool.size }
        : { ...defaultBatchingOptions, ...options.batching, maxInFlight: this.pool.capacity, workers: this.pool.size };
    const model = new LoadedModel(files, this.pool, this.metrics, {
      batching,
      cache: options.cache,
      topWeightFloor: options.topWeightFloor ?? 0.5,
      driftWindow: options.driftWindow ?? 2000,
      verifyGolden: options.verifyGolden ?? ref.variant === FP32,
    });
    await model.start();
    this.models.set(model.key, model);
    this.options.logger?.info({ model: ref.name, version: ref.version, variant: ref.variant }, 'model loaded');
    return model;
  }

  private resolve(name: string, version?: string, variant?: string): LoadedModel {
    const key = version ? modelKey({ name, version, variant: variant ?? FP32 }) : this.active.get(name);
    const model = key ? this.models.get(key) : undefined;
    if (!model) {
      throw new ModelNotFoundError(version ? `${name}@${version}/${variant ?? FP32} is not loaded` : `no version of ${name} is loaded`);
    }
    return model;
  }
}
