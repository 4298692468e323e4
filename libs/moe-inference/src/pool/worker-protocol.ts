/** Messages between the pool (main thread) and an inference worker thread. */
import type { BackendOptions } from '../backend/onnx-backend';
import type { PackedTensors } from './packed-tensors';

export type WorkerRequest =
  | { kind: 'load'; id: number; key: string; graph: Uint8Array }
  | { kind: 'unload'; id: number; key: string }
  | { kind: 'run'; id: number; key: string; feeds: PackedTensors };

export type WorkerResponse =
  | { kind: 'done'; id: number; outputs?: PackedTensors }
  | { kind: 'failed'; id: number; message: string };

export interface WorkerData {
  backend: BackendOptions;
  /** Nice value of the worker thread (Linux priorities are per thread), so the event loop preempts inference. */
  niceness: number;
}
