/**
 * What runs inside each inference worker thread: a loop that sleeps in Atomics.wait on the doorbell,
 * reads the messages the pool posted (graphs to load or unload), and runs the calls in its channels
 * in the order the pool filled them, synchronously, one at a time. Its event loop never turns: there
 * is nothing for it to do that the loop below does not.
 */
import { setPriority } from 'node:os';
import { receiveMessageOnPort } from 'node:worker_threads';
import type { HostTensor } from '../backend/onnx-backend';
import { OnnxSession } from '../backend/onnx-backend';
import { Channel, DONE, FAILED, KEY, MESSAGE, REQUEST } from './shared-channel';
import { ANSWERED, POOL_WAITING, POSTED, RING, WORKER_ASLEEP, type WorkerData, type WorkerRequest, type WorkerResponse } from './worker-protocol';

export interface InferenceHooks {
  /** Called with each run's inputs just before it runs (tests use it to crash on demand). */
  beforeRun?: (feeds: Record<string, HostTensor>) => void;
}

export function serveInference({ backend, niceness, port, doorbell, channels }: WorkerData, hooks: InferenceHooks = {}): never {
  if (niceness !== 0) {
    try {
      // Pid 0 is the calling thread on Linux: only this worker yields, not the event loop.
      setPriority(0, niceness);
    } catch {
      // Platforms without per-thread priorities run the worker at normal priority.
    }
  }
  const bell = new Int32Array(doorbell);
  const lanes = channels.map((buffer) => new Channel(buffer));
  const sessions = new Map<number, { name: string; session: OnnxSession }>();
  const largeFeeds = new Map<number, SharedArrayBuffer>();
  const reply = (response: WorkerResponse) => port.postMessage(response);

  function handle(request: WorkerRequest): void {
    if (request.kind === 'feeds') {
      largeFeeds.set(request.channel, request.buffer);
      return;
    }
    try {
      sessions.get(request.key)?.session.dispose();
      sessions.delete(request.key);
      if (request.kind === 'load') sessions.set(request.key, { name: request.name, session: OnnxSession.open(request.graph, backend) });
      reply({ kind: 'done', id: request.id });
    } catch (error) {
      reply({ kind: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) });
    }
  }

  function receive(): boolean {
    const received = receiveMessageOnPort(port);
    if (received) handle(received.message as WorkerRequest);
    return received !== undefined;
  }

  function inputs(lane: Channel, index: number): Record<string, HostTensor> {
    if (lane.header[MESSAGE] === 0) return lane.readTensors();
    // Posted before the run was published, so it is already in the port's queue.
    while (!largeFeeds.has(index) && receive());
    const buffer = largeFeeds.get(index);
    if (!buffer) throw new Error('the inputs of a run that did not fit its channel never arrived');
    largeFeeds.delete(index);
    return new Channel(buffer).readTensors();
  }

  function serve(lane: Channel, index: number): void {
    try {
      const entry = sessions.get(lane.header[KEY] as number);
      if (!entry) throw new Error(`graph ${lane.header[KEY]} is not loaded in this worker`);
      const feeds = inputs(lane, index);
      hooks.beforeRun?.(feeds);
      const outputs = entry.session.runSync(feeds);
      if (lane.writeTensors(outputs)) {
        lane.header[MESSAGE] = 0;
      } else {
        reply({ kind: 'outputs', channel: index, buffer: Channel.holding(outputs).buffer });
        lane.header[MESSAGE] = 1;
      }
      lane.publish(DONE);
    } catch (error) {
      lane.writeText(error instanceof Error ? error.message : String(error));
      lane.publish(FAILED);
    }
    Atomics.add(bell, ANSWERED, 1);
    if (Atomics.load(bell, POOL_WAITING) === 1) Atomics.notify(bell, ANSWERED);
  }

  let seen = 0;
  let next = 0;
  for (;;) {
    const rung = Atomics.load(bell, RING);
    const posted = Atomics.load(bell, POSTED);
    if (posted !== seen) {
      while (receive());
      seen = posted;
    }
    const lane = lanes[next] as Channel;
    if (lane.state === REQUEST) {
      serve(lane, next);
      next = (next + 1) % lanes.length;
      continue;
    }
    Atomics.store(bell, WORKER_ASLEEP, 1);
    // Checked again after saying so: the pool skips the wake-up for anything it published before reading the flag.
    if (lane.state !== REQUEST && Atomics.load(bell, POSTED) === seen) Atomics.wait(bell, RING, rung);
    Atomics.store(bell, WORKER_ASLEEP, 0);
  }
}
