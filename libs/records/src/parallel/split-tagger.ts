/**
 * A tagger that splits each batch into row slices and tags them at once on an inner tagger, then
 * joins the answers in order. With a pool of inference threads behind the inner tagger, one
 * document's chunks run on several cores instead of one: the latency of a single request falls with
 * the threads available, and the answer is the same as the whole batch's (rows are independent).
 */
import type { EncodedBatch } from '../tokenizer/char-encoder';
import type { Tagger, TaggerOutput } from '../tagging/tagger';

function slice(batch: EncodedBatch, from: number, to: number): EncodedBatch {
  const width = batch.length;
  return {
    size: to - from,
    length: width,
    lengths: batch.lengths.subarray(from, to),
    chars: batch.chars.subarray(from * width, to * width),
    bigrams: batch.bigrams.subarray(from * width, to * width),
    shapes: batch.shapes.subarray(from * width, to * width),
    lexicon: batch.lexicon.subarray(from * width, to * width),
  };
}

function concatFloats(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function concatInts(parts: readonly Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Splits batches of at least `minRows` rows into up to `parts` slices of nearly equal size. */
export function splitTagger(inner: Tagger, parts: number, minRows = 2): Tagger {
  return async (batch) => {
    const pieces = Math.min(parts, batch.size);
    if (pieces <= 1 || batch.size < minRows) return inner(batch);
    const bounds = Array.from({ length: pieces + 1 }, (_, i) => Math.round((i * batch.size) / pieces));
    const outputs: TaggerOutput[] = await Promise.all(bounds.slice(0, -1).map((from, i) => inner(slice(batch, from, bounds[i + 1] as number))));
    const first = outputs[0] as TaggerOutput;
    const routers = outputs.map((o) => o.router);
    const router = routers.every((r) => r !== undefined)
      ? {
          indices: concatInts(routers.map((r) => r?.indices ?? new Int32Array())),
          weights: concatFloats(routers.map((r) => r?.weights ?? new Float32Array())),
          topK: first.router?.topK ?? 1,
          experts: first.router?.experts ?? 1,
        }
      : undefined;
    return { emissions: concatFloats(outputs.map((o) => o.emissions)), tags: first.tags, crf: first.crf, ...(router ? { router } : {}) };
  };
}
