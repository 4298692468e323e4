/**
 * A fixed pool of worker threads, each holding a session of every loaded graph, so that the
 * synchronous session.run never blocks the HTTP event loop. One run per worker at a time; ONNX
 * Runtime's own pools get one thread each (no spinning), so workers x threads = cores.
 *
 * A worker that dies fails its in-flight calls with WorkerCrashedError and is replaced by a fresh one
 * that reloads every graph before it takes work.
 */
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { defaultBackendOptions, type BackendOptions, type HostTensor } from '../backend/onnx-backend';
import { InferenceRuntimeError, ModelLoadError, ShutdownError, WorkerCrashedError } from '../errors/inference.errors';
import type { WorkerData, WorkerRequest, WorkerResponse } from './worker-protocol';

export interface WorkerPoolOptions {
  /** Worker threads; the number of cores by default. */
  size?: number;
  backend?: BackendOptions;
  /**
   * Nice value of each worker thread (default 10): inference yields the CPU to the event loop, which
   * keeps HTTP latency flat while the workers saturate the cores. 0 keeps normal priority.
   */
  niceness?: number;
  /** A different worker entry (tests use one that crashes on demand); .ts entries are compiled by @swc-node/register. */
  workerEntry?: string;
  /** Called when a worker dies and is replaced. */
  onWorkerCrash?: (error: Error) => void;
}

type Pending = { resolve: (outputs: Record<string, HostTensor> | undefined) => void; reject: (error: Error) => void };

interface Slot {
  worker: Worker;
  /** False while a replacement worker reloads its graphs. */
  available: boolean;
  running: boolean;
  pending: Map<number, Pending>;
}

interface Job {
  key: string;
  feeds: Record<string, HostTensor>;
  resolve: (outputs: Record<string, HostTensor>) => void;
  reject: (error: Error) => void;
}

const defaultEntry = join(__dirname, `inference.worker${extname(__filename)}`);

function spawn(entry: string, data: WorkerData): Worker {
  if (entry.endsWith('.ts')) {
    // Under jest or `node -r @swc-node/register` the library is TypeScript source: compile the worker the same way.
    const register = require.resolve('@swc-node/register');
    return new Worker(`require(${JSON.stringify(register)}); require(${JSON.stringify(entry)});`, { eval: true, workerData: data });
  }
  return new Worker(entry, { workerData: data });
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly graphs = new Map<string, Uint8Array>();
  private nextId = 1;
  private closing = false;
  private restartCount = 0;
  private readonly entry: string;
  private readonly data: WorkerData;

  constructor(private readonly options: WorkerPoolOptions = {}) {
    this.entry = options.workerEntry ?? defaultEntry;
    this.data = { backend: options.backend ?? defaultBackendOptions, niceness: options.niceness ?? 10 };
    const size = options.size ?? availableParallelism();
    for (let i = 0; i < size; i++) this.slots.push(this.createSlot());
  }

  get size(): number {
    return this.slots.length;
  }

  get restarts(): number {
    return this.restartCount;
  }

  get aliveWorkers(): number {
    return this.slots.filter((s) => s.available).length;
  }

  /** Loads (or replaces) a graph under `key` in every worker. */
  async load(key: string, graph: Uint8Array): Promise<void> {
    if (this.closing) throw new ShutdownError('the worker pool is shutting down');
    this.graphs.set(key, graph);
    try {
      await Promise.all(this.slots.map((slot) => this.request(slot, { kind: 'load', id: this.nextId++, key, graph })));
    } catch (error) {
      this.graphs.delete(key);
      await this.unload(key);
      throw new ModelLoadError(`ONNX Runtime could not load ${key}: ${(error as Error).message}`);
    }
  }

  async unload(key: string): Promise<void> {
    this.graphs.delete(key);
    await Promise.allSettled(this.slots.map((slot) => this.request(slot, { kind: 'unload', id: this.nextId++, key })));
  }

  run(key: string, feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    if (this.closing) return Promise.reject(new ShutdownError('the worker pool is shutting down'));
    return new Promise((resolve, reject) => {
      this.queue.push({ key, feeds, resolve, reject });
      this.drain();
    });
  }

  /** Lets queued runs finish, then stops every worker. */
  async close(): Promise<void> {
    this.closing = true;
    while (this.queue.length > 0 || this.slots.some((s) => s.running)) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private createSlot(): Slot {
    const slot: Slot = { worker: spawn(this.entry, this.data), available: true, running: false, pending: new Map() };
    slot.worker.on('message', (response: WorkerResponse) => {
      const waiter = slot.pending.get(response.id);
      if (!waiter) return;
      slot.pending.delete(response.id);
      if (response.kind === 'done') waiter.resolve(response.outputs);
      else waiter.reject(new InferenceRuntimeError(response.message));
    });
    // An uncaught error is followed by 'exit'; the replacement happens there.
    slot.worker.on('error', () => undefined);
    slot.worker.on('exit', (code) => {
      if (!this.closing) void this.replace(slot, new WorkerCrashedError(`an inference worker exited with code ${code}`));
    });
    return slot;
  }

  private async replace(dead: Slot, error: WorkerCrashedError): Promise<void> {
    const index = this.slots.indexOf(dead);
    if (index < 0) return;
    this.restartCount++;
    this.options.onWorkerCrash?.(error);
    for (const waiter of dead.pending.values()) waiter.reject(error);
    dead.pending.clear();
    const fresh = this.createSlot();
    fresh.available = false;
    this.slots[index] = fresh;
    const loads = [...this.graphs].map(([key, graph]) => this.request(fresh, { kind: 'load', id: this.nextId++, key, graph }));
    const results = await Promise.allSettled(loads);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) this.options.onWorkerCrash?.(new ModelLoadError(`a replacement worker could not reload a graph: ${String(failed.reason)}`));
    fresh.available = true;
    this.drain();
  }

  private request(slot: Slot, message: WorkerRequest): Promise<Record<string, HostTensor> | undefined> {
    return new Promise((resolve, reject) => {
      slot.pending.set(message.id, { resolve, reject });
      slot.worker.postMessage(message);
    });
  }

  private drain(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.available || slot.running) continue;
      const job = this.queue.shift() as Job;
      slot.running = true;
      this.request(slot, { kind: 'run', id: this.nextId++, key: job.key, feeds: job.feeds })
        .then((outputs) => job.resolve(outputs ?? {}), job.reject)
        .finally(() => {
          slot.running = false;
          this.drain();
        });
    }
  }
}
