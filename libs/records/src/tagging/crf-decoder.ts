/**
 * Decoding the tagger's per-character emissions. With the CRF's transition scores it is Viterbi for
 * the best tag path and forward-backward for each position's marginal probability (the confidence
 * of a span); without them, a per-position softmax and argmax that repairs invalid BIO starts.
 */
import { OUTSIDE, isBegin } from './tag-set';

export interface CrfTransitions {
  tags: number;
  /** [from * tags + to] */
  matrix: Float32Array;
  start: Float32Array;
  end: Float32Array;
}

export interface DecodedSequence {
  tags: Int32Array;
  /** Marginal probability of the chosen tag at each position. */
  confidence: Float32Array;
}

function logSumExp(values: Float64Array): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  if (max === -Infinity) return max;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

function at(array: Float32Array, index: number): number {
  return array[index] ?? 0;
}

/** emissions: [length * tags] for one sequence. */
export function viterbi(emissions: Float32Array, length: number, crf: CrfTransitions): Int32Array {
  const t = crf.tags;
  const path = new Int32Array(length);
  if (length === 0) return path;
  const back = new Int32Array(length * t);
  let score = new Float64Array(t);
  for (let j = 0; j < t; j += 1) score[j] = at(crf.start, j) + at(emissions, j);
  for (let i = 1; i < length; i += 1) {
    const next = new Float64Array(t);
    for (let j = 0; j < t; j += 1) {
      let best = -Infinity;
      let arg = 0;
      for (let k = 0; k < t; k += 1) {
        const s = (score[k] ?? 0) + at(crf.matrix, k * t + j);
        if (s > best) {
          best = s;
          arg = k;
        }
      }
      next[j] = best + at(emissions, i * t + j);
      back[i * t + j] = arg;
    }
    score = next;
  }
  let best = -Infinity;
  for (let j = 0; j < t; j += 1) {
    const s = (score[j] ?? 0) + at(crf.end, j);
    if (s > best) {
      best = s;
      path[length - 1] = j;
    }
  }
  for (let i = length - 1; i > 0; i -= 1) path[i - 1] = back[i * t + (path[i] ?? 0)] ?? 0;
  return path;
}

/**
 * Posterior probability of every tag at every position: [length * tags]. Forward-backward in
 * probability space with per-position rescaling (one exp per score instead of a log-sum-exp per
 * pair), falling back to log space if a rescaled sum underflows.
 */
export function marginals(emissions: Float32Array, length: number, crf: CrfTransitions): Float64Array {
  const t = crf.tags;
  const transitions = Float64Array.from(crf.matrix, Math.exp);
  const local = new Float64Array(length * t);
  for (let i = 0; i < length; i += 1) {
    let max = -Infinity;
    for (let j = 0; j < t; j += 1) max = Math.max(max, at(emissions, i * t + j));
    for (let j = 0; j < t; j += 1) local[i * t + j] = Math.exp(at(emissions, i * t + j) - max);
  }
  const alpha = new Float64Array(length * t);
  const beta = new Float64Array(length * t);
  const rescale = (array: Float64Array, i: number): boolean => {
    let sum = 0;
    for (let j = 0; j < t; j += 1) sum += array[i * t + j] ?? 0;
    if (!(sum > 0) || !Number.isFinite(sum)) return false;
    for (let j = 0; j < t; j += 1) array[i * t + j] = (array[i * t + j] ?? 0) / sum;
    return true;
  };
  let stable = true;
  for (let j = 0; j < t; j += 1) alpha[j] = Math.exp(at(crf.start, j)) * (local[j] ?? 0);
  stable &&= rescale(alpha, 0);
  for (let i = 1; i < length && stable; i += 1) {
    for (let j = 0; j < t; j += 1) {
      let sum = 0;
      for (let k = 0; k < t; k += 1) sum += (alpha[(i - 1) * t + k] ?? 0) * (transitions[k * t + j] ?? 0);
      alpha[i * t + j] = sum * (local[i * t + j] ?? 0);
    }
    stable &&= rescale(alpha, i);
  }
  for (let j = 0; j < t && stable; j += 1) beta[(length - 1) * t + j] = Math.exp(at(crf.end, j));
  stable &&= rescale(beta, length - 1);
  for (let i = length - 2; i >= 0 && stable; i -= 1) {
    for (let j = 0; j < t; j += 1) {
      let sum = 0;
      for (let k = 0; k < t; k += 1) sum += (transitions[j * t + k] ?? 0) * (local[(i + 1) * t + k] ?? 0) * (beta[(i + 1) * t + k] ?? 0);
      beta[i * t + j] = sum;
    }
    stable &&= rescale(beta, i);
  }
  if (!stable) return logMarginals(emissions, length, crf);
  const out = new Float64Array(length * t);
  for (let i = 0; i < length * t; i += 1) out[i] = (alpha[i] ?? 0) * (beta[i] ?? 0);
  for (let i = 0; i < length; i += 1) rescale(out, i);
  return out;
}

function logMarginals(emissions: Float32Array, length: number, crf: CrfTransitions): Float64Array {
  const t = crf.tags;
  const alpha = new Float64Array(length * t);
  const beta = new Float64Array(length * t);
  const scratch = new Float64Array(t);
  for (let j = 0; j < t; j += 1) alpha[j] = at(crf.start, j) + at(emissions, j);
  for (let i = 1; i < length; i += 1) {
    for (let j = 0; j < t; j += 1) {
      for (let k = 0; k < t; k += 1) scratch[k] = (alpha[(i - 1) * t + k] ?? 0) + at(crf.matrix, k * t + j);
      alpha[i * t + j] = logSumExp(scratch) + at(emissions, i * t + j);
    }
  }
  for (let j = 0; j < t; j += 1) beta[(length - 1) * t + j] = at(crf.end, j);
  for (let i = length - 2; i >= 0; i -= 1) {
    for (let j = 0; j < t; j += 1) {
      for (let k = 0; k < t; k += 1) {
        scratch[k] = at(crf.matrix, j * t + k) + at(emissions, (i + 1) * t + k) + (beta[(i + 1) * t + k] ?? 0);
      }
      beta[i * t + j] = logSumExp(scratch);
    }
  }
  for (let j = 0; j < t; j += 1) scratch[j] = (alpha[(length - 1) * t + j] ?? 0) + at(crf.end, j);
  const logZ = logSumExp(scratch);
  const out = new Float64Array(length * t);
  for (let i = 0; i < length * t; i += 1) out[i] = Math.exp((alpha[i] ?? 0) + (beta[i] ?? 0) - logZ);
  return out;
}

export function decodeCrf(emissions: Float32Array, length: number, crf: CrfTransitions): DecodedSequence {
  const tags = viterbi(emissions, length, crf);
  const probabilities = length > 0 ? marginals(emissions, length, crf) : new Float64Array(0);
  const confidence = new Float32Array(length);
  for (let i = 0; i < length; i += 1) confidence[i] = probabilities[i * crf.tags + (tags[i] ?? 0)] ?? 0;
  return { tags, confidence };
}

export function decodeArgmax(emissions: Float32Array, length: number, tags: number): DecodedSequence {
  const path = new Int32Array(length);
  const confidence = new Float32Array(length);
  for (let i = 0; i < length; i += 1) {
    let max = -Infinity;
    let arg = 0;
    for (let j = 0; j < tags; j += 1) {
      const v = at(emissions, i * tags + j);
      if (v > max) {
        max = v;
        arg = j;
      }
    }
    let sum = 0;
    for (let j = 0; j < tags; j += 1) sum += Math.exp(at(emissions, i * tags + j) - max);
    // An inside tag that follows nothing of its type starts the entity instead.
    const previous = i > 0 ? (path[i - 1] ?? OUTSIDE) : OUTSIDE;
    if (arg !== OUTSIDE && !isBegin(arg) && previous !== arg && previous !== arg - 1) arg -= 1;
    path[i] = arg;
    confidence[i] = 1 / sum;
  }
  return { tags: path, confidence };
}
