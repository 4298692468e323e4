import type { EncodedBatch } from '../tokenizer/char-encoder';
import type { Tagger } from '../tagging/tagger';
import { splitTagger } from './split-tagger';

const TAGS = 3;

/** A deterministic stand-in for the model: every score derives from its own row's characters only. */
const rowwise: Tagger = async (batch) => {
  const emissions = new Float32Array(batch.size * batch.length * TAGS);
  const indices = new Int32Array(batch.size * batch.length * 2);
  const weights = new Float32Array(batch.size * batch.length * 2);
  for (let i = 0; i < batch.size * batch.length; i += 1) {
    for (let t = 0; t < TAGS; t += 1) emissions[i * TAGS + t] = (batch.chars[i] ?? 0) * 10 + t;
    indices[i * 2] = (batch.chars[i] ?? 0) % 8;
    indices[i * 2 + 1] = ((batch.chars[i] ?? 0) + 1) % 8;
    weights[i * 2] = 0.75;
    weights[i * 2 + 1] = 0.25;
  }
  return { emissions, tags: TAGS, crf: null, router: { indices, weights, topK: 2, experts: 8 } };
};

function batchOf(size: number, length: number): EncodedBatch {
  const ints = (n: number, f: (i: number) => number) => Int32Array.from({ length: n }, (_, i) => f(i));
  return {
    size,
    length,
    lengths: ints(size, (r) => length - (r % 3)),
    chars: ints(size * length, (i) => (i * 7) % 50),
    bigrams: ints(size * length, (i) => (i * 13) % 97),
    shapes: ints(size * length, (i) => i % 9),
    lexicon: ints(size * length, (i) => i % 19),
  };
}

describe('splitTagger', () => {
  it.each([1, 2, 3, 7, 13])('answers a batch of %i rows exactly as the whole-batch tagger does', async (rows) => {
    const batch = batchOf(rows, 11);
    const whole = await rowwise(batch);
    const split = await splitTagger(rowwise, 3)(batch);
    expect(split.emissions).toEqual(whole.emissions);
    expect(split.router?.indices).toEqual(whole.router?.indices);
    expect(split.router?.weights).toEqual(whole.router?.weights);
    expect(split.tags).toBe(TAGS);
  });

  it('runs the slices at the same time, never more than asked', async () => {
    let running = 0;
    let peak = 0;
    const slices: number[] = [];
    const slow: Tagger = async (batch) => {
      running += 1;
      peak = Math.max(peak, running);
      slices.push(batch.size);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      return rowwise(batch);
    };
    await splitTagger(slow, 2)(batchOf(13, 5));
    expect(peak).toBe(2);
    expect(slices.sort()).toEqual([6, 7]);
  });
});
