/** Messages between the pool (main thread) and an inference worker thread. */
import type { BackendOptions, HostTensor } from '../backend/onnx-backend';

export type WorkerRequest =
  | { kind: 'load'; id: number; key: string; graph: Uint8Array }
  | { kind: 'unload'; id: number; key: string }
  | { kind: 'run'; id: number; key: string; feeds: Record<string, HostTensor> };

export type WorkerResponse =
  | { kind: 'done'; id: number; outputs?: Record<string, HostTensor> }
  | { kind: 'failed'; id: number; message: string };

export interface WorkerData {
  backend: BackendOptions;
  /** Nice value of the worker thread (Linux priorities are per thread), so the event loop preempts inference. */
  niceness: number;
}
