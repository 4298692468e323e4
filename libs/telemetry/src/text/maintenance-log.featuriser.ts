/**
 * Turns a maintenance-log entry, Chinese, English or both in one line, into a fixed-size vector by
 * hashing character n-grams (the "hashing trick"). No vocabulary to ship or drift: the service and
 * the dataset tool hash the same way, and unseen words still share n-grams with seen ones
 * ("bearing" / "bearings", 轴承异响 / 轴承有异响).
 */

export const LOG_FEATURE_SIZE = 512;

/** Longer entries are cut: the first lines of a log carry the finding, the rest is usually boilerplate. */
export const MAX_LOG_CHARACTERS = 2000;

/** NFKC folds full-width Latin letters and digits (ＤＥ轴承) into ASCII; case and spacing carry no meaning here. */
export function normaliseLogText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim().slice(0, MAX_LOG_CHARACTERS);
}

/** 32-bit FNV-1a over UTF-16 code units. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The n-grams hashed for a normalised text: character bigrams and trigrams, single non-ASCII characters (one Chinese character is a word), and whole ASCII words. */
export function logTextGrams(normalised: string): string[] {
  const chars = Array.from(normalised);
  const grams: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (c.charCodeAt(0) > 0x7f && c !== ' ') grams.push(`1:${c}`);
    if (i + 2 <= chars.length) grams.push(`2:${chars.slice(i, i + 2).join('')}`);
    if (i + 3 <= chars.length) grams.push(`3:${chars.slice(i, i + 3).join('')}`);
  }
  for (const word of normalised.match(/[a-z0-9]+/g) ?? []) grams.push(`w:${word}`);
  return grams;
}

/**
 * Writes the L2-normalised signed hash vector of `text` into `target` at `offset` (LOG_FEATURE_SIZE
 * values) and returns whether the text said anything; an empty or missing log leaves zeros.
 */
export function writeLogFeatures(text: string | undefined, target: Float32Array, offset: number): boolean {
  const normalised = text === undefined ? '' : normaliseLogText(text);
  if (normalised.length === 0) return false;
  const vector = new Float64Array(LOG_FEATURE_SIZE);
  for (const gram of logTextGrams(normalised)) {
    const hash = fnv1a(gram);
    // The top bit picks the sign, so colliding grams cancel on average instead of piling up.
    const bucket = (hash & 0x7fffffff) % LOG_FEATURE_SIZE;
    vector[bucket] = (vector[bucket] as number) + (hash & 0x80000000 ? -1 : 1);
  }
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm);
  for (let i = 0; i < LOG_FEATURE_SIZE; i++) target[offset + i] = norm > 0 ? (vector[i] as number) / norm : 0;
  return true;
}

/** The log features of one text as a fresh array. */
export function logFeatures(text: string | undefined): Float32Array {
  const target = new Float32Array(LOG_FEATURE_SIZE);
  writeLogFeatures(text, target, 0);
  return target;
}
