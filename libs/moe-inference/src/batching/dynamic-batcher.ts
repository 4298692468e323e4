/**
 * Dynamic batching in the manner of Triton's dynamic batcher: requests for one model that arrive
 * within `windowMs` of the oldest waiting one are stacked along the batch axis into one run and split
 * back in order. While every run slot is busy, requests keep accumulating, so batches grow with load.
 * While a worker is idle nothing waits for company: the window would only add latency there, since
 * the run could start at once (measured in fraud-api: 1.5 ms of a 1.8 ms idle call was the window).
 * The queue is bounded (OverloadError instead of unbounded growth) and each request may carry a
 * deadline after which it fails with DeadlineExceededError, whether it is still queued or running.
 */
import type { HostTensor } from '../backend/onnx-backend';
import { concatRows, sliceRows } from '../backend/host-tensor';
import { DeadlineExceededError, OverloadError, ShutdownError } from '../errors/inference.errors';

export interface BatchingOptions {
  /** How long the oldest waiting request may wait for company; 0 disables waiting. */
  windowMs: number;
  /** Rows per run; 1 disables batching. A single larger request still runs, alone. */
  maxBatchRows: number;
  /** Requests waiting to run before new ones are refused with OverloadError. */
  maxQueue: number;
  /**
   * Runs of this model in flight at once (the workers times the calls each may hold). While requests
   * may be stacked (maxBatchRows > 1), at most two per worker: one running and one ready behind it
   * keep a worker busy, and every further slot would split the rows waiting for one into smaller
   * batches (bench inference's 64 callers: about a fifth fewer calls per second with four runs a
   * worker than with two).
   */
  maxInFlight: number;
  /** Workers that run calls; with fewer runs than this in flight, a request goes at once. */
  workers: number;
}

export const defaultBatchingOptions: BatchingOptions = { windowMs: 1, maxBatchRows: 64, maxQueue: 1024, maxInFlight: 1, workers: 1 };

export type RunBatch = (feeds: Record<string, HostTensor>) => Promise<Record<string, HostTensor>>;

interface Waiting {
  feeds: Record<string, HostTensor>;
  rows: number;
  /** Computed when another request waits beside this one (see signatureOf). */
  signature?: string;
  enqueuedAt: number;
  settled: boolean;
  timer?: NodeJS.Timeout;
  resolve: (outputs: Record<string, HostTensor>) => void;
  reject: (error: Error) => void;
}

/** Requests can share a run only when every dimension but the batch axis agrees. */
function signatureOf(request: Waiting): string {
  const { feeds } = request;
  request.signature ??= Object.keys(feeds)
    .sort()
    .map((name) => `${name}:${feeds[name]?.type}:${feeds[name]?.dims.slice(1).join('x')}`)
    .join('|');
  return request.signature;
}

export class DynamicBatcher {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;
  private timer?: NodeJS.Timeout;
  private closing = false;
  private idleWaiters: Array<() => void> = [];
  private batchLatencyMs = 0;

  private readonly slots: number;

  constructor(
    private readonly model: string,
    private readonly options: BatchingOptions,
    private readonly run: RunBatch,
    private readonly onBatch?: (rows: number, requests: number) => void,
  ) {
    this.slots = options.maxBatchRows > 1 ? Math.min(options.maxInFlight, 2 * options.workers) : options.maxInFlight;
  }

  get queued(): number {
    return this.waiting.length;
  }

  get running(): number {
    return this.inFlight;
  }

  submit(feeds: Record<string, HostTensor>, rows: number, deadlineMs?: number): Promise<Record<string, HostTensor>> {
    if (this.closing) return Promise.reject(new ShutdownError(`${this.model} is shutting down`));
    if (this.waiting.length >= this.options.maxQueue) return Promise.reject(new OverloadError(this.model, this.retryAfterSeconds()));
    return new Promise((resolve, reject) => {
      const request: Waiting = { feeds, rows, enqueuedAt: performance.now(), settled: false, resolve, reject };
      if (deadlineMs !== undefined) {
        request.timer = setTimeout(() => this.expire(request, deadlineMs), deadlineMs);
        request.timer.unref();
      }
      this.waiting.push(request);
      this.dispatch();
    });
  }

  /** Refuses new requests, runs every queued one without waiting for its window, and resolves when all are done. */
  close(): Promise<void> {
    this.closing = true;
    this.dispatch();
    return this.waitIdle();
  }

  private waitIdle(): Promise<void> {
    if (this.waiting.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private retryAfterSeconds(): number {
    const perBatch = Math.max(this.batchLatencyMs, 1);
    const batches = this.waiting.length / Math.max(this.options.maxBatchRows, 1) / Math.max(this.slots, 1);
    return Math.max(1, Math.ceil((batches * perBatch) / 1000));
  }

  private expire(request: Waiting, deadlineMs: number): void {
    if (request.settled) return;
    request.settled = true;
    const at = this.waiting.indexOf(request);
    if (at >= 0) this.waiting.splice(at, 1);
    request.reject(new DeadlineExceededError(this.model, deadlineMs));
    this.notifyIdle();
  }

  private dispatch(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.inFlight < this.slots && this.waiting.length > 0) {
      const oldest = this.waiting[0] as Waiting;
      const company = this.waiting.length === 1 ? [oldest] : this.waiting.filter((w) => signatureOf(w) === signatureOf(oldest));
      const rows = company.reduce((n, w) => n + w.rows, 0);
      const waited = performance.now() - oldest.enqueuedAt;
      const workerIdle = this.inFlight < this.options.workers;
      if (!this.closing && !workerIdle && rows < this.options.maxBatchRows && waited < this.options.windowMs) {
        this.timer = setTimeout(() => this.dispatch(), this.options.windowMs - waited);
        return;
      }
      // Share what is waiting among the free run slots rather than filling one and idling the others.
      const free = this.slots - this.inFlight;
      const members = this.take(company, Math.min(this.options.maxBatchRows, Math.ceil(rows / free)));
      if (members.length === this.waiting.length) this.waiting.length = 0;
      else for (const m of members) this.waiting.splice(this.waiting.indexOf(m), 1);
      void this.execute(members);
    }
  }

  /** The oldest requests, in order, up to `limit` rows (the first one even if it alone exceeds it). */
  private take(company: Waiting[], limit: number): Waiting[] {
    const members: Waiting[] = [];
    let rows = 0;
    for (const candidate of company) {
      if (members.length > 0 && rows + candidate.rows > limit) break;
      members.push(candidate);
      rows += candidate.rows;
    }
    return members;
  }

  private async execute(members: Waiting[]): Promise<void> {
    this.inFlight++;
    const started = performance.now();
    const live = members.filter((m) => !m.settled);
    try {
      if (live.length === 0) return;
      const total = live.reduce((n, m) => n + m.rows, 0);
      this.onBatch?.(total, live.length);
      const only = live.length === 1 ? live[0] : undefined;
      if (only) {
        // Alone in its run: nothing to stack or split.
        const outputs = await this.run(only.feeds);
        this.settle(only, () => only.resolve(outputs));
        return;
      }
      const names = Object.keys(live[0]?.feeds ?? {});
      const feeds = Object.fromEntries(names.map((name) => [name, concatRows(live.map((m) => m.feeds[name] as HostTensor))]));
      const outputs = await this.run(feeds);
      let start = 0;
      for (const member of live) {
        const end = start + member.rows;
        const own = Object.fromEntries(
          Object.entries(outputs).map(([name, t]) => [name, t.dims[0] === total ? sliceRows(t, start, end) : t]),
        );
        this.settle(member, () => member.resolve(own));
        start = end;
      }
    } catch (error) {
      for (const member of live) this.settle(member, () => member.reject(error as Error));
    } finally {
      this.batchLatencyMs = 0.8 * this.batchLatencyMs + 0.2 * (performance.now() - started);
      this.inFlight--;
      this.dispatch();
      this.notifyIdle();
    }
  }

  private settle(member: Waiting, action: () => void): void {
    if (member.settled) return;
    member.settled = true;
    clearTimeout(member.timer);
    action();
  }

  private notifyIdle(): void {
    if (this.waiting.length > 0 || this.inFlight > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
