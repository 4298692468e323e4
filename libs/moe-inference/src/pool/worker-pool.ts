/**
 * A fixed pool of worker threads, each holding a session of every loaded graph, so that the
 * synchronous session run never blocks the HTTP event loop. ONNX Runtime's own pools get one thread
 * each (no spinning), so workers x threads = cores.
 *
 * Each worker runs one call at a time but may hold `depth` calls (default 4), one per shared channel
 * (shared-channel.ts): the next ones wait in their channels while the current one runs, so a busy
 * worker goes straight from run to run instead of sleeping until the event loop, woken to read an
 * answer, hands it the next call (with a 0.1 ms model at batch 1, four channels carried about a
 * fifth more calls per second than two; see commit 1042e92). Calls go to the least-loaded worker, so
 * an idle worker is always used first.
 *
 * A worker that dies fails the call it was running with WorkerCrashedError, hands the calls queued
 * behind it back to the pool, and is replaced by a fresh one that reloads every graph before it takes work.
 */
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { defaultBackendOptions, type BackendOptions, type HostTensor } from '../backend/onnx-backend';
import { InferenceRuntimeError, ModelLoadError, ShutdownError, WorkerCrashedError } from '../errors/inference.errors';
import { Channel, FAILED, FREE, KEY, MESSAGE, REQUEST } from './shared-channel';
import {
  ANSWERED,
  DOORBELL_WORDS,
  POOL_WAITING,
  POSTED,
  RING,
  WORKER_ASLEEP,
  type WorkerData,
  type WorkerRequest,
  type WorkerResponse,
} from './worker-protocol';

export interface WorkerPoolOptions {
  /** Worker threads; the number of cores by default. */
  size?: number;
  /** Calls handed to one worker at once (the running one and those queued behind it); 4 by default. */
  depth?: number;
  /**
   * Bytes of one shared channel (default 4 MiB): a call's inputs or outputs larger than this travel in
   * a channel of their own, made for them and sent over the worker's port.
   */
  channelBytes?: number;
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

interface Pending {
  resolve: () => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  port: MessagePort;
  doorbell: Int32Array;
  channels: Channel[];
  /** The channel the next call goes to: the worker takes them in the same turn. */
  next: number;
  /** False while a replacement worker reloads its graphs. */
  available: boolean;
  dead: boolean;
  /** Calls handed to this worker and not yet read back, in the order the worker takes them. */
  runs: Array<{ job: Job; channel: number }>;
  /** True while a loop reads this worker's answers (see collect). */
  collecting: boolean;
  /** Loads and unloads waiting for the worker's answer, by request id. */
  pending: Map<number, Pending>;
  /** Outputs that did not fit their channel (each in one of its own), by channel, until the run that owns them reads them. */
  outputs: Map<number, SharedArrayBuffer>;
}

interface Job {
  key: string;
  feeds: Record<string, HostTensor>;
  resolve: (outputs: Record<string, HostTensor>) => void;
  reject: (error: Error) => void;
}

const defaultEntry = join(__dirname, `inference.worker${extname(__filename)}`);

function spawn(entry: string, data: WorkerData): Worker {
  const transferList = [data.port];
  if (entry.endsWith('.ts')) {
    // Under jest or `node -r @swc-node/register` the library is TypeScript source: compile the worker the same way.
    const register = require.resolve('@swc-node/register');
    return new Worker(`require(${JSON.stringify(register)}); require(${JSON.stringify(entry)});`, { eval: true, workerData: data, transferList });
  }
  return new Worker(entry, { workerData: data, transferList });
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly graphs = new Map<string, Uint8Array>();
  /** Channels name a graph by number. */
  private readonly keys = new Map<string, number>();
  private nextId = 1;
  private closing = false;
  private restartCount = 0;
  private readonly entry: string;
  private readonly depth: number;
  private readonly channelBytes: number;

  constructor(private readonly options: WorkerPoolOptions = {}) {
    this.entry = options.workerEntry ?? defaultEntry;
    this.depth = Math.max(1, options.depth ?? 4);
    this.channelBytes = options.channelBytes ?? 4 * 1024 * 1024;
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
    if (!this.keys.has(key)) this.keys.set(key, this.keys.size + 1);
    try {
      await Promise.all(this.slots.map((slot) => this.loadInto(slot, key, graph)));
    } catch (error) {
      this.graphs.delete(key);
      await this.unload(key);
      throw new ModelLoadError(`ONNX Runtime could not load ${key}: ${(error as Error).message}`);
    }
  }

  async unload(key: string): Promise<void> {
    this.graphs.delete(key);
    const number = this.keys.get(key);
    if (number === undefined) return;
    await Promise.allSettled(this.slots.map((slot) => this.request(slot, { kind: 'unload', id: this.nextId++, key: number })));
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
    while (this.queue.length > 0 || this.slots.some((s) => s.runs.length > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(
      this.slots.map(async (slot) => {
        slot.dead = true;
        await slot.worker.terminate();
        slot.port.close();
      }),
    );
  }

  private createSlot(): Slot {
    const { port1, port2 } = new MessageChannel();
    const channels = Array.from({ length: this.depth }, () => Channel.create(this.channelBytes));
    const doorbell = new SharedArrayBuffer(4 * DOORBELL_WORDS);
    const data: WorkerData = {
      backend: this.options.backend ?? defaultBackendOptions,
      niceness: this.options.niceness ?? 10,
      port: port2,
      doorbell,
      channels: channels.map((c) => c.buffer),
    };
    const slot: Slot = {
      worker: spawn(this.entry, data),
      port: port1,
      doorbell: new Int32Array(doorbell),
      channels,
      next: 0,
      available: true,
      dead: false,
      runs: [],
      collecting: false,
      pending: new Map(),
      outputs: new Map(),
    };
    slot.port.on('message', (response: WorkerResponse) => this.receive(slot, response));
    // An uncaught error is followed by 'exit'; the replacement happens there.
    slot.worker.on('error', () => undefined);
    slot.worker.on('exit', (code) => {
      if (!this.closing) this.replace(slot, new WorkerCrashedError(`an inference worker exited with code ${code}`));
    });
    return slot;
  }

  private replace(dead: Slot, error: WorkerCrashedError): void {
    const index = this.slots.indexOf(dead);
    if (index < 0) return;
    this.restartCount++;
    this.options.onWorkerCrash?.(error);
    dead.dead = true;
    // A worker takes its runs in order, one at a time: the oldest unanswered one was running when it
    // died and fails; those queued behind it never started and go back to the front of the queue.
    const [running, ...behind] = dead.runs.map((run) => run.job);
    this.queue.unshift(...behind);
    running?.reject(error);
    for (const waiter of dead.pending.values()) waiter.reject(error);
    dead.pending.clear();
    dead.runs = [];
    dead.port.close();
    // Wake the loop waiting for the dead worker's answers; seeing it dead, it stops.
    Atomics.notify(dead.doorbell, ANSWERED);
    const fresh = this.createSlot();
    fresh.available = false;
    this.slots[index] = fresh;
    void Promise.allSettled([...this.graphs].map(([key, graph]) => this.loadInto(fresh, key, graph))).then((results) => {
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) this.options.onWorkerCrash?.(new ModelLoadError(`a replacement worker could not reload a graph: ${String(failed.reason)}`));
      fresh.available = true;
      this.drain();
    });
  }

  private loadInto(slot: Slot, key: string, graph: Uint8Array): Promise<void> {
    return this.request(slot, { kind: 'load', id: this.nextId++, key: this.keys.get(key) as number, name: key, graph });
  }

  private receive(slot: Slot, response: WorkerResponse): void {
    if (response.kind === 'outputs') {
      slot.outputs.set(response.channel, response.buffer);
      return;
    }
    const waiter = slot.pending.get(response.id);
    if (!waiter) return;
    slot.pending.delete(response.id);
    if (response.kind === 'done') waiter.resolve();
    else waiter.reject(new InferenceRuntimeError(response.message));
  }

  /** Posts a message to a worker and rings its doorbell. */
  private post(slot: Slot, message: WorkerRequest): void {
    slot.port.postMessage(message);
    Atomics.add(slot.doorbell, POSTED, 1);
    this.ring(slot);
  }

  /** Wakes the worker if it sleeps; a busy one finds the call when it looks at its next channel. */
  private ring(slot: Slot): void {
    Atomics.add(slot.doorbell, RING, 1);
    if (Atomics.load(slot.doorbell, WORKER_ASLEEP) === 1) Atomics.notify(slot.doorbell, RING);
  }

  private request(slot: Slot, message: WorkerRequest & { id: number }): Promise<void> {
    return new Promise((resolve, reject) => {
      slot.pending.set(message.id, { resolve, reject });
      this.post(slot, message);
    });
  }

  private leastLoaded(): Slot | undefined {
    let best: Slot | undefined;
    for (const slot of this.slots) {
      // The next channel is free only once the call that last used it has been read back.
      if (slot.available && slot.channels[slot.next]?.state === FREE && (!best || slot.runs.length < best.runs.length)) best = slot;
    }
    return best;
  }

  private drain(): void {
    for (let slot = this.leastLoaded(); slot && this.queue.length > 0; slot = this.leastLoaded()) {
      this.dispatch(slot, this.queue.shift() as Job);
    }
  }

  private dispatch(slot: Slot, job: Job): void {
    const index = slot.next;
    const channel = slot.channels[index] as Channel;
    slot.next = (index + 1) % this.depth;
    slot.runs.push({ job, channel: index });
    channel.header[KEY] = this.keys.get(job.key) ?? 0;
    if (channel.writeTensors(job.feeds)) {
      channel.header[MESSAGE] = 0;
    } else {
      channel.header[MESSAGE] = 1;
      this.post(slot, { kind: 'feeds', channel: index, buffer: Channel.holding(job.feeds).buffer });
    }
    channel.publish(REQUEST);
    this.ring(slot);
    if (!slot.collecting) void this.collect(slot);
  }

  /**
   * Reads a worker's answers in order while it has calls, waiting (Atomics.waitAsync) only when the
   * oldest is still running, and saying so, so that the worker wakes the event loop only then.
   */
  private async collect(slot: Slot): Promise<void> {
    slot.collecting = true;
    try {
      while (!slot.dead && slot.runs.length > 0) {
        const oldest = slot.runs[0] as { job: Job; channel: number };
        const channel = slot.channels[oldest.channel] as Channel;
        if (channel.state === REQUEST) {
          const answered = Atomics.load(slot.doorbell, ANSWERED);
          Atomics.store(slot.doorbell, POOL_WAITING, 1);
          // Checked again after saying so: the worker skips the wake-up for an answer it gave before reading the flag.
          if (channel.state === REQUEST) {
            const wait = Atomics.waitAsync(slot.doorbell, ANSWERED, answered);
            if (wait.async) await wait.value;
          }
          Atomics.store(slot.doorbell, POOL_WAITING, 0);
          continue;
        }
        try {
          oldest.job.resolve(this.answer(slot, oldest.channel));
        } catch (error) {
          oldest.job.reject(error as Error);
        }
        channel.publish(FREE);
        slot.runs.shift();
        this.drain();
      }
    } finally {
      slot.collecting = false;
    }
  }

  /** The outputs of the answered call in channel `index`, copied out; throws what the worker reported. */
  private answer(slot: Slot, index: number): Record<string, HostTensor> {
    const channel = slot.channels[index] as Channel;
    if (channel.state === FAILED) throw new InferenceRuntimeError(channel.readText());
    if (channel.header[MESSAGE] === 0) return channel.readTensors();
    // The worker posts oversized outputs before it publishes the answer: they are delivered or in the port's queue.
    while (!slot.outputs.has(index)) {
      const received = receiveMessageOnPort(slot.port);
      if (!received) throw new InferenceRuntimeError('the outputs of a run too large for its channel never arrived');
      this.receive(slot, received.message as WorkerResponse);
    }
    const buffer = slot.outputs.get(index) as SharedArrayBuffer;
    slot.outputs.delete(index);
    return new Channel(buffer).readTensors();
  }
}
