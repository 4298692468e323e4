/**
 * A fixed pool of worker threads, each holding a session of every loaded graph, so that the
 * synchronous session.run never blocks the HTTP event loop. ONNX Runtime's own pools get one thread
 * each (no spinning), so workers x threads = cores.
 *
 * Each worker runs one call at a time but may hold `depth` calls (default 2): the next one waits in its
 * port while the current one runs, so a busy worker goes straight from run to run instead of sleeping
 * and being woken for each call (measured on a 70 us model: a thread wake-up per call cost more CPU
 * than the inference). Calls go to the least-loaded worker, so an idle worker is always used first.
 *
 * A worker that dies fails the call it was running with WorkerCrashedError, hands the calls queued
 * behind it back to the pool, and is replaced by a fresh one that reloads every graph before it takes work.
 */
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { defaultBackendOptions, type BackendOptions, type HostTensor } from '../backend/onnx-backend';
import { InferenceRuntimeError, ModelLoadError, ShutdownError, WorkerCrashedError } from '../errors/inference.errors';
import { packTensors, unpackTensors, type PackedTensors } from './packed-tensors';
import type { WorkerData, WorkerRequest, WorkerResponse } from './worker-protocol';

export interface WorkerPoolOptions {
  /** Worker threads; the number of cores by default. */
  size?: number;
  /** Calls handed to one worker at once (the running one and those queued behind it); 2 by default. */
  depth?: number;
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

type Pending = { resolve: (outputs: PackedTensors | undefined) => void; reject: (error: Error) => void };

interface Slot {
  worker: Worker;
  /** False while a replacement worker reloads its graphs. */
  available: boolean;
  /** Runs handed to this worker and not yet answered, by request id, in the order the worker takes them. */
  runs: Map<number, Job>;
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
  private readonly depth: number;

  constructor(private readonly options: WorkerPoolOptions = {}) {
    this.entry = options.workerEntry ?? defaultEntry;
    this.data = { backend: options.backend ?? defaultBackendOptions, niceness: options.niceness ?? 10 };
    this.depth = Math.max(1, options.depth ?? 2);
    const size = options.size ?? availableParallelism();
    for (let i = 0; i < size; i++) this.slots.push(this.createSlot());
  }

  get size(): number {
    return this.slots.length;
  }

  /** Runs the pool accepts at once before callers queue: workers x depth. */
  get capacity(): number {
    return this.slots.length * this.depth;
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
    while (this.queue.length > 0 || this.slots.some((s) => s.runs.size > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private createSlot(): Slot {
    const slot: Slot = { worker: spawn(this.entry, this.data), available: true, runs: new Map(), pending: new Map() };
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
    // A worker takes its runs in order, one at a time: the oldest unanswered one was running when it
    // died and fails; those queued behind it never started and go back to the front of the queue.
    const behind = [...dead.runs].slice(1);
    for (const [id] of behind) dead.pending.delete(id);
    this.queue.unshift(...behind.map(([, job]) => job));
    for (const waiter of dead.pending.values()) waiter.reject(error);
    dead.pending.clear();
    dead.runs.clear();
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

  private request(slot: Slot, message: WorkerRequest, transfer: ArrayBuffer[] = []): Promise<PackedTensors | undefined> {
    return new Promise((resolve, reject) => {
      slot.pending.set(message.id, { resolve, reject });
      slot.worker.postMessage(message, transfer);
    });
  }

  private leastLoaded(): Slot | undefined {
    let best: Slot | undefined;
    for (const slot of this.slots) {
      if (slot.available && slot.runs.size < this.depth && (!best || slot.runs.size < best.runs.size)) best = slot;
    }
    return best;
  }

  private drain(): void {
    for (let slot = this.leastLoaded(); slot && this.queue.length > 0; slot = this.leastLoaded()) {
      const job = this.queue.shift() as Job;
      const target = slot;
      const id = this.nextId++;
      target.runs.set(id, job);
      const feeds = packTensors(job.feeds);
      this.request(target, { kind: 'run', id, key: job.key, feeds }, [feeds.buffer])
        .then((outputs) => job.resolve(outputs ? unpackTensors(outputs) : {}), job.reject)
        .finally(() => {
          target.runs.delete(id);
          this.drain();
        });
    }
  }
}
