/**
 * What passes between the pool (event loop) and an inference worker thread. Runs travel through shared
 * channels (shared-channel.ts); graphs, unloads and payloads too large for a channel travel as messages
 * on a dedicated port, which the worker reads synchronously when the doorbell tells it to.
 */
import type { MessagePort } from 'node:worker_threads';
import type { BackendOptions } from '../backend/onnx-backend';

export type WorkerRequest =
  | { kind: 'load'; id: number; key: number; name: string; graph: Uint8Array }
  | { kind: 'unload'; id: number; key: number }
  /** A run's inputs that did not fit its channel, in a channel of their own (Channel.holding). */
  | { kind: 'feeds'; channel: number; buffer: SharedArrayBuffer };

export type WorkerResponse =
  | { kind: 'done'; id: number }
  | { kind: 'failed'; id: number; message: string }
  /** A run's outputs that did not fit its channel, in a channel of their own. */
  | { kind: 'outputs'; channel: number; buffer: SharedArrayBuffer };

/**
 * Words of a worker's doorbell, a small shared Int32Array. Each side announces when it is about to
 * sleep, and the other wakes it (Atomics.notify, a system call) only then: at saturation neither
 * sleeps, and calls pass in both directions without a single wake-up.
 */
/** Incremented by the pool for each call published or message posted. */
export const RING = 0;
/** Messages the pool has posted. */
export const POSTED = 1;
/** 1 while the worker waits for a ring. */
export const WORKER_ASLEEP = 2;
/** Incremented by the worker for each call answered. */
export const ANSWERED = 3;
/** 1 while the pool waits for an answer. */
export const POOL_WAITING = 4;
export const DOORBELL_WORDS = 5;

export interface WorkerData {
  backend: BackendOptions;
  /** Nice value of the worker thread (Linux priorities are per thread), so the event loop preempts inference. */
  niceness: number;
  port: MessagePort;
  doorbell: SharedArrayBuffer;
  /** The worker's channels, taken in turn: the pool fills them in the same order. */
  channels: SharedArrayBuffer[];
}
