/** Entry point of an inference worker thread (started by WorkerPool). */
import { isMainThread, workerData } from 'node:worker_threads';
import type { WorkerData } from './worker-protocol';
import { serveInference } from './worker-runtime';

if (isMainThread) throw new Error('inference.worker must run in a worker thread');
serveInference(workerData as WorkerData);
