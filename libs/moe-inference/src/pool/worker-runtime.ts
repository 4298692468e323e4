/** What runs inside each inference worker thread: a map of loaded sessions, one request at a time. */
import { setPriority } from 'node:os';
import type { MessagePort } from 'node:worker_threads';
import { OnnxSession } from '../backend/onnx-backend';
import { packTensors, unpackTensors } from './packed-tensors';
import type { WorkerData, WorkerRequest, WorkerResponse } from './worker-protocol';

export function serveInference(port: MessagePort, { backend, niceness }: WorkerData): void {
  const sessions = new Map<string, OnnxSession>();
  if (niceness !== 0) {
    try {
      // Pid 0 is the calling thread on Linux: only this worker yields, not the event loop.
      setPriority(0, niceness);
    } catch {
      // Platforms without per-thread priorities run the worker at normal priority.
    }
  }

  async function handle(request: WorkerRequest): Promise<WorkerResponse> {
    switch (request.kind) {
      case 'load': {
        const session = await OnnxSession.load(request.graph, backend);
        await sessions.get(request.key)?.release();
        sessions.set(request.key, session);
        return { kind: 'done', id: request.id };
      }
      case 'unload':
        await sessions.get(request.key)?.release();
        sessions.delete(request.key);
        return { kind: 'done', id: request.id };
      case 'run': {
        const session = sessions.get(request.key);
        if (!session) return { kind: 'failed', id: request.id, message: `${request.key} is not loaded in this worker` };
        // Output arrays may view larger native buffers: packing copies exactly their bytes into one buffer to transfer.
        return { kind: 'done', id: request.id, outputs: packTensors(await session.run(unpackTensors(request.feeds))) };
      }
    }
  }

  port.on('message', (request: WorkerRequest) => {
    handle(request).then(
      (response) => port.postMessage(response, response.kind === 'done' && response.outputs ? [response.outputs.buffer] : []),
      (error: unknown) => port.postMessage({ kind: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) } satisfies WorkerResponse),
    );
  });
}
