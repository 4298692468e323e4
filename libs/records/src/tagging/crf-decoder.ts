/**
 * Decoding the tagger's per-character emissions. With the CRF's transition scores it is Viterbi for
 * the best tag path and forward-backward for the marginal probability of each entity character's tag
 * (the confidence of a span); without them, a per-position softmax and argmax that repairs invalid
 * BIO starts.
 *
 * This runs over every character of every document, so it is written for speed without giving up
 * exactness: Viterbi only considers, at each position, the tags that can lie on a best path (see
 * viterbiMargin); forward-backward runs only over the stretch of the sequence that holds entities;
 * the loops read flat typed arrays in layout order and allocate nothing per position.
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
  /**
   * Marginal probability of the chosen tag at each position whose tag is an entity's (B or I);
   * 0 at outside (O) positions, whose confidence nothing reads.
   */
  confidence: Float32Array;
}

/** The transition scores in the layouts the loops below read, derived once per CrfTransitions. */
interface PreparedTransitions {
  /** Log scores [to * tags + from]. */
  intoLog: Float64Array;
  /** exp of the scores, [to * tags + from] for the forward pass and [from * tags + to] for the backward pass. */
  intoExp: Float64Array;
  fromExp: Float64Array;
  startExp: Float64Array;
  endExp: Float64Array;
  viterbiMargin: number;
}

const preparedCache = new WeakMap<CrfTransitions, PreparedTransitions>();

function spread(values: Float32Array): number {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return values.length > 0 ? max - min : 0;
}

/**
 * A tag whose emission at a position falls more than this below the position's best emission is on
 * no best path: swapping it for the best-emission tag gains that gap and loses at most the spread of
 * the scores into the position plus the spread of the scores out of it. The slack absorbs rounding.
 */
function viterbiMargin(crf: CrfTransitions): number {
  return 2 * Math.max(spread(crf.matrix), spread(crf.start), spread(crf.end)) + 1e-6;
}

function prepare(crf: CrfTransitions): PreparedTransitions {
  const cached = preparedCache.get(crf);
  if (cached) return cached;
  const t = crf.tags;
  const intoLog = new Float64Array(t * t);
  const intoExp = new Float64Array(t * t);
  const fromExp = new Float64Array(t * t);
  for (let from = 0; from < t; from += 1) {
    for (let to = 0; to < t; to += 1) {
      const score = crf.matrix[from * t + to] ?? 0;
      intoLog[to * t + from] = score;
      intoExp[to * t + from] = Math.exp(score);
      fromExp[from * t + to] = Math.exp(score);
    }
  }
  const prepared = {
    intoLog,
    intoExp,
    fromExp,
    startExp: Float64Array.from({ length: t }, (_, j) => Math.exp(crf.start[j] ?? 0)),
    endExp: Float64Array.from({ length: t }, (_, j) => Math.exp(crf.end[j] ?? 0)),
    viterbiMargin: viterbiMargin(crf),
  };
  preparedCache.set(crf, prepared);
  return prepared;
}

/**
 * The best tag path. emissions: [length * tags] for one sequence. Scores only the tags within
 * viterbiMargin of each position's best emission (typically one or two of 25), which cannot change
 * the path: every tag of a best path is among them, and the scan order breaks ties as a full scan would.
 */
export function viterbi(emissions: Float32Array, length: number, crf: CrfTransitions): Int32Array {
  const t = crf.tags;
  const path = new Int32Array(length);
  if (length === 0) return path;
  const { intoLog, viterbiMargin: margin } = prepare(crf);
  // Per position: its candidate tags (ascending), their best path scores, and for each the slot of its best predecessor.
  const candidates = new Int32Array(length * t);
  const counts = new Int32Array(length);
  const score = new Float64Array(length * t);
  const back = new Int32Array(length * t);
  for (let i = 0; i < length; i += 1) {
    const row = i * t;
    let max = -Infinity;
    for (let j = 0; j < t; j += 1) if (emissions[row + j]! > max) max = emissions[row + j]!;
    let count = 0;
    for (let j = 0; j < t; j += 1) if (emissions[row + j]! >= max - margin) candidates[row + count++] = j;
    counts[i] = count;
  }
  for (let c = 0; c < counts[0]!; c += 1) {
    const j = candidates[c]!;
    score[c] = (crf.start[j] ?? 0) + emissions[j]!;
  }
  for (let i = 1; i < length; i += 1) {
    const row = i * t;
    const previous = row - t;
    const previousCount = counts[i - 1]!;
    for (let c = 0; c < counts[i]!; c += 1) {
      const j = candidates[row + c]!;
      const into = j * t;
      let best = -Infinity;
      let arg = 0;
      for (let p = 0; p < previousCount; p += 1) {
        const s = score[previous + p]! + intoLog[into + candidates[previous + p]!]!;
        if (s > best) {
          best = s;
          arg = p;
        }
      }
      score[row + c] = best + emissions[row + j]!;
      back[row + c] = arg;
    }
  }
  const last = (length - 1) * t;
  let best = -Infinity;
  let slot = 0;
  for (let c = 0; c < counts[length - 1]!; c += 1) {
    const s = score[last + c]! + (crf.end[candidates[last + c]!] ?? 0);
    if (s > best) {
      best = s;
      slot = c;
    }
  }
  for (let i = length - 1; i >= 0; i -= 1) {
    path[i] = candidates[i * t + slot]!;
    slot = back[i * t + slot]!;
  }
  return path;
}

/**
 * Scaled forward and backward passes in probability space (one exp per emission instead of a
 * log-sum-exp per pair of tags): alpha and beta each sum to 1 at every position, so alpha * beta,
 * renormalised per position, is the posterior there. alpha is computed for positions [0, to] and
 * beta for [from, length), which is all that the posteriors of positions [from, to] need. Returns
 * null when a rescaled sum under- or overflows, for the caller to fall back to log space.
 */
function forwardBackward(
  emissions: Float32Array,
  length: number,
  crf: CrfTransitions,
  from = 0,
  to = length - 1,
): { alpha: Float64Array; beta: Float64Array } | null {
  const t = crf.tags;
  const { intoExp, fromExp, startExp, endExp } = prepare(crf);
  const local = new Float64Array(length * t);
  for (let i = 0; i < length; i += 1) {
    const row = i * t;
    let max = -Infinity;
    for (let j = 0; j < t; j += 1) if (emissions[row + j]! > max) max = emissions[row + j]!;
    for (let j = 0; j < t; j += 1) local[row + j] = Math.exp(emissions[row + j]! - max);
  }
  const alpha = new Float64Array(length * t);
  const beta = new Float64Array(length * t);
  const normalise = (array: Float64Array, row: number): boolean => {
    let sum = 0;
    for (let j = 0; j < t; j += 1) sum += array[row + j]!;
    if (!(sum > 0) || !Number.isFinite(sum)) return false;
    const scale = 1 / sum;
    for (let j = 0; j < t; j += 1) array[row + j]! *= scale;
    return true;
  };
  for (let j = 0; j < t; j += 1) alpha[j] = startExp[j]! * local[j]!;
  if (!normalise(alpha, 0)) return null;
  for (let i = 1; i <= to; i += 1) {
    const row = i * t;
    const previous = row - t;
    for (let j = 0; j < t; j += 1) {
      const into = j * t;
      let sum = 0;
      for (let k = 0; k < t; k += 1) sum += alpha[previous + k]! * intoExp[into + k]!;
      alpha[row + j] = sum * local[row + j]!;
    }
    if (!normalise(alpha, row)) return null;
  }
  const last = (length - 1) * t;
  for (let j = 0; j < t; j += 1) beta[last + j] = endExp[j]!;
  if (!normalise(beta, last)) return null;
  const weighted = new Float64Array(t);
  for (let i = length - 2; i >= from; i -= 1) {
    const row = i * t;
    const following = row + t;
    for (let k = 0; k < t; k += 1) weighted[k] = local[following + k]! * beta[following + k]!;
    for (let j = 0; j < t; j += 1) {
      const out = j * t;
      let sum = 0;
      for (let k = 0; k < t; k += 1) sum += fromExp[out + k]! * weighted[k]!;
      beta[row + j] = sum;
    }
    if (!normalise(beta, row)) return null;
  }
  return { alpha, beta };
}

/** Posterior probability of every tag at every position: [length * tags]. */
export function marginals(emissions: Float32Array, length: number, crf: CrfTransitions): Float64Array {
  const t = crf.tags;
  const passes = forwardBackward(emissions, length, crf);
  if (!passes) return logMarginals(emissions, length, crf);
  const out = new Float64Array(length * t);
  for (let i = 0; i < length; i += 1) {
    const row = i * t;
    let sum = 0;
    for (let j = 0; j < t; j += 1) sum += out[row + j] = passes.alpha[row + j]! * passes.beta[row + j]!;
    if (sum > 0) for (let j = 0; j < t; j += 1) out[row + j]! /= sum;
  }
  return out;
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

/** The best path, and the posterior of its tag at each entity position (forward-backward over the entities' stretch only). */
export function decodeCrf(emissions: Float32Array, length: number, crf: CrfTransitions): DecodedSequence {
  const tags = viterbi(emissions, length, crf);
  const confidence = new Float32Array(length);
  let first = 0;
  while (first < length && tags[first] === OUTSIDE) first += 1;
  if (first === length) return { tags, confidence };
  let last = length - 1;
  while (tags[last] === OUTSIDE) last -= 1;
  const t = crf.tags;
  const passes = forwardBackward(emissions, length, crf, first, last);
  if (!passes) {
    const probabilities = logMarginals(emissions, length, crf);
    for (let i = first; i <= last; i += 1) if (tags[i] !== OUTSIDE) confidence[i] = probabilities[i * t + tags[i]!]!;
    return { tags, confidence };
  }
  const { alpha, beta } = passes;
  for (let i = first; i <= last; i += 1) {
    if (tags[i] === OUTSIDE) continue;
    const row = i * t;
    let sum = 0;
    for (let j = 0; j < t; j += 1) sum += alpha[row + j]! * beta[row + j]!;
    const chosen = row + tags[i]!;
    confidence[i] = sum > 0 ? (alpha[chosen]! * beta[chosen]!) / sum : 0;
  }
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
