import type { HostTensor } from '../backend/onnx-backend';
import { DeadlineExceededError, OverloadError, ShutdownError } from '../errors/inference.errors';
import { DynamicBatcher, type BatchingOptions, type RunBatch } from './dynamic-batcher';

const options: BatchingOptions = { windowMs: 2, maxBatchRows: 8, maxQueue: 100, maxInFlight: 1, workers: 1 };

function rows(values: number[]): Record<string, HostTensor> {
  return { x: { type: 'float32', dims: [values.length, 1], data: Float32Array.from(values) } };
}

/** A model that doubles its input, recording the batch sizes it was given. */
function doubling(batches: number[]): RunBatch {
  return async (feeds) => {
    const x = feeds['x'] as HostTensor;
    batches.push(x.dims[0] as number);
    await new Promise((resolve) => setImmediate(resolve));
    return { y: { type: 'float32', dims: x.dims, data: (x.data as Float32Array).map((v) => v * 2) } };
  };
}

/** A run that never finishes until released. */
function blocked(): { run: RunBatch; release: () => void } {
  let release = () => undefined as void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return { run: async (feeds) => gate.then(() => ({ y: feeds['x'] as HostTensor })), release: () => release() };
}

describe('DynamicBatcher', () => {
  it('stacks concurrent requests and gives each caller its own rows back, in order', async () => {
    const batches: number[] = [];
    const batcher = new DynamicBatcher('m', options, doubling(batches));
    const requests = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? [i, i + 0.5] : [i]));
    const results = await Promise.all(requests.map((values) => batcher.submit(rows(values), values.length)));
    results.forEach((outputs, i) => {
      expect(Array.from(outputs['y']?.data as Float32Array)).toEqual((requests[i] as number[]).map((v) => v * 2));
      expect(outputs['y']?.dims).toEqual([(requests[i] as number[]).length, 1]);
    });
    expect(batches.length).toBeLessThan(requests.length);
    expect(Math.max(...batches)).toBeLessThanOrEqual(options.maxBatchRows);
  });

  it('starts a request at once while a worker is idle and waits for company only while every worker is busy', async () => {
    const batches: number[] = [];
    const gate = blocked();
    const run: RunBatch = async (feeds) => {
      batches.push(feeds['x']?.dims[0] as number);
      return gate.run(feeds);
    };
    // A window far longer than the test: only an idle worker or a full batch can start a run.
    const batcher = new DynamicBatcher('m', { ...options, windowMs: 10_000, maxInFlight: 2 }, run);
    const first = batcher.submit(rows([1]), 1);
    expect(batches).toEqual([1]);
    const waiting = [2, 3, 4].map((v) => batcher.submit(rows([v]), 1));
    expect(batches).toEqual([1]);
    const full = Array.from({ length: 5 }, (_, i) => batcher.submit(rows([10 + i]), 1));
    expect(batches).toEqual([1, 8]);
    gate.release();
    await Promise.all([first, ...waiting, ...full]);
  });

  it('runs one call per request when batching is off', async () => {
    const batches: number[] = [];
    const batcher = new DynamicBatcher('m', { ...options, windowMs: 0, maxBatchRows: 1 }, doubling(batches));
    await Promise.all([1, 2, 3].map((v) => batcher.submit(rows([v]), 1)));
    expect(batches).toEqual([1, 1, 1]);
  });

  it('never mixes requests whose non-batch dimensions differ', async () => {
    const seen: string[] = [];
    const batcher = new DynamicBatcher('m', options, async (feeds) => {
      const x = feeds['x'] as HostTensor;
      seen.push(x.dims.join('x'));
      return { y: x };
    });
    const narrow = rows([1]);
    const wide: Record<string, HostTensor> = { x: { type: 'float32', dims: [1, 2], data: Float32Array.from([7, 8]) } };
    const [a, b, c] = await Promise.all([batcher.submit(narrow, 1), batcher.submit(wide, 1), batcher.submit(rows([3]), 1)]);
    expect(Array.from(a?.['y']?.data as Float32Array)).toEqual([1]);
    expect(Array.from(b?.['y']?.data as Float32Array)).toEqual([7, 8]);
    expect(Array.from(c?.['y']?.data as Float32Array)).toEqual([3]);
    // Every run holds one shape: the two narrow rows (together or apart) and the wide one alone.
    expect(seen.filter((d) => d.endsWith('x2'))).toEqual(['1x2']);
    expect(seen.filter((d) => d.endsWith('x1')).reduce((n, d) => n + Number(d.split('x')[0]), 0)).toBe(2);
  });

  it('fails a request whose deadline passes while it waits, and one whose deadline passes while it runs', async () => {
    const { run, release } = blocked();
    const batcher = new DynamicBatcher('m', { ...options, windowMs: 0 }, run);
    const running = batcher.submit(rows([1]), 1, 20);
    const waiting = batcher.submit(rows([2]), 1, 20);
    await expect(running).rejects.toBeInstanceOf(DeadlineExceededError);
    await expect(waiting).rejects.toThrow('m did not answer within its 20 ms deadline');
    expect(batcher.queued).toBe(0);
    release();
  });

  it('refuses requests beyond the queue bound with OverloadError and a retry hint', async () => {
    const { run, release } = blocked();
    const batcher = new DynamicBatcher('m', { ...options, windowMs: 0, maxBatchRows: 1, maxQueue: 2 }, run);
    const accepted = [batcher.submit(rows([1]), 1), batcher.submit(rows([2]), 1), batcher.submit(rows([3]), 1)];
    const refused = batcher.submit(rows([4]), 1);
    await expect(refused).rejects.toBeInstanceOf(OverloadError);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: expect.any(Number) });
    release();
    await expect(Promise.all(accepted)).resolves.toHaveLength(3);
  });

  it('fails every request of a batch whose run fails', async () => {
    const batcher = new DynamicBatcher('m', options, async () => {
      throw new Error('boom');
    });
    const results = await Promise.allSettled([batcher.submit(rows([1]), 1), batcher.submit(rows([2]), 1)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('finishes queued requests on close and refuses new ones', async () => {
    const batches: number[] = [];
    const batcher = new DynamicBatcher('m', { ...options, windowMs: 10_000 }, doubling(batches));
    const queued = batcher.submit(rows([5]), 1);
    await batcher.close();
    await expect(queued).resolves.toMatchObject({ y: { dims: [1, 1] } });
    await expect(batcher.submit(rows([6]), 1)).rejects.toBeInstanceOf(ShutdownError);
  });
});
