import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureModelsDir, tinyFeeds } from '../../fixtures/tiny-moe.fixture';
import { InferenceRuntimeError } from '../errors/inference.errors';
import { compareWithGolden, goldenFeeds, readGolden } from '../registry/golden';
import { WorkerPool } from './worker-pool';

const dir = join(fixtureModelsDir, 'tiny-moe/1.0.0');
const graph = readFileSync(join(dir, 'model.onnx'));
const golden = readGolden(join(dir, 'golden.json'));

describe('WorkerPool', () => {
  it('answers what PyTorch answered, through shared channels and, for calls too large for them, through messages', async () => {
    const roomy = new WorkerPool({ size: 2 });
    // 64 bytes hold neither a call's inputs nor its outputs: every call takes the message path both ways.
    const cramped = new WorkerPool({ size: 1, channelBytes: 64 });
    try {
      await Promise.all([roomy.load('tiny', graph), cramped.load('tiny', graph)]);
      // Several at once, so that each worker holds a call in every channel.
      const viaChannels = await Promise.all(Array.from({ length: 8 }, () => roomy.run('tiny', goldenFeeds(golden))));
      const viaMessages = await Promise.all(Array.from({ length: 3 }, () => cramped.run('tiny', goldenFeeds(golden))));
      for (const outputs of [...viaChannels, ...viaMessages]) expect(compareWithGolden(golden, outputs)).toEqual([]);
      const other = tinyFeeds(3, 7);
      expect(await cramped.run('tiny', other)).toEqual(await roomy.run('tiny', other));
    } finally {
      await Promise.all([roomy.close(), cramped.close()]);
    }
  });

  it("fails a call with ONNX Runtime's message when the graph rejects it, and keeps serving", async () => {
    const pool = new WorkerPool({ size: 1 });
    try {
      await pool.load('tiny', graph);
      const wrong = tinyFeeds(2);
      wrong['features'] = { type: 'float32', dims: [2, 5], data: new Float32Array(10) };
      await expect(pool.run('tiny', wrong)).rejects.toThrow(InferenceRuntimeError);
      await expect(pool.run('missing', tinyFeeds(1))).rejects.toThrow(/not loaded/);
      expect(compareWithGolden(golden, await pool.run('tiny', goldenFeeds(golden)))).toEqual([]);
    } finally {
      await pool.close();
    }
  });
});
