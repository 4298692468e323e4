/**
 * The tagger the extraction pipeline calls: any async function from an encoded batch to per-character
 * emission scores. The service passes one backed by the ONNX model (createModelTagger over an
 * OnnxSession from @mosaic/moe-inference); tests pass a fake. This keeps the domain library free of
 * any runtime.
 */
import type { EncodedBatch } from '../tokenizer/char-encoder';
import type { CrfTransitions } from './crf-decoder';
import { TAGS } from './tag-set';

export interface TaggerOutput {
  /** [size, length, tags] row-major. */
  emissions: Float32Array;
  tags: number;
  /** The CRF's transition scores, or null for a softmax head (argmax decoding). */
  crf: CrfTransitions | null;
  /** The MoE router's choice per character: [size * length, topK] expert indices and weights. */
  router?: { indices: Int32Array; weights: Float32Array; topK: number; experts: number };
}

export type Tagger = (batch: EncodedBatch) => Promise<TaggerOutput>;

/** Structurally what OnnxSession offers, so the library needs no import of the runtime. */
export interface RunnerTensor {
  type: 'float32' | 'int64' | 'int32' | 'uint8' | 'bool';
  data: Float32Array | BigInt64Array | Int32Array | Uint8Array;
  dims: readonly number[];
}

export interface TensorRunner {
  run(feeds: Record<string, RunnerTensor>): Promise<Record<string, RunnerTensor>>;
}

/** Names of the graph's inputs and outputs (models/records-ner-moe manifest). */
export const MODEL_INPUTS = ['chars', 'bigrams', 'shapes', 'lexicon', 'lengths'] as const;
export const MODEL_OUTPUTS = {
  emissions: 'emissions',
  transitions: 'transitions',
  start: 'start_transitions',
  end: 'end_transitions',
  routerWeights: 'router_weights',
  routerIndices: 'router_indices',
} as const;

function int64(data: Int32Array, dims: number[]): RunnerTensor {
  return { type: 'int64', data: BigInt64Array.from(data, (v) => BigInt(v)), dims };
}

function floats(tensor: RunnerTensor | undefined, name: string): Float32Array {
  if (!tensor || !(tensor.data instanceof Float32Array)) throw new Error(`the records model returned no float32 output ${name}`);
  return tensor.data;
}

export function modelFeeds(batch: EncodedBatch): Record<string, RunnerTensor> {
  const dims = [batch.size, batch.length];
  return {
    chars: int64(batch.chars, dims),
    bigrams: int64(batch.bigrams, dims),
    shapes: int64(batch.shapes, dims),
    lexicon: int64(batch.lexicon, dims),
    lengths: int64(batch.lengths, [batch.size]),
  };
}

export function createModelTagger(runner: TensorRunner, experts: number): Tagger {
  return async (batch) => {
    const out = await runner.run(modelFeeds(batch));
    const tags = TAGS.length;
    const emissions = floats(out[MODEL_OUTPUTS.emissions], MODEL_OUTPUTS.emissions);
    if (emissions.length !== batch.size * batch.length * tags) {
      throw new Error(`emissions hold ${emissions.length} values, expected ${batch.size}x${batch.length}x${tags}`);
    }
    const crf: CrfTransitions | null = out[MODEL_OUTPUTS.transitions]
      ? {
          tags,
          matrix: floats(out[MODEL_OUTPUTS.transitions], MODEL_OUTPUTS.transitions),
          start: floats(out[MODEL_OUTPUTS.start], MODEL_OUTPUTS.start),
          end: floats(out[MODEL_OUTPUTS.end], MODEL_OUTPUTS.end),
        }
      : null;
    const indices = out[MODEL_OUTPUTS.routerIndices];
    const weights = out[MODEL_OUTPUTS.routerWeights];
    const router =
      indices && weights && weights.data instanceof Float32Array
        ? {
            indices: Int32Array.from(indices.data as ArrayLike<number | bigint>, (v) => Number(v)),
            weights: weights.data,
            topK: indices.dims[indices.dims.length - 1] ?? 1,
            experts,
          }
        : undefined;
    return { emissions, tags, crf, router };
  };
}
