import { fnv1a } from './hash.util';

export const MEMO_DIM = 512;
/** Longer memos add little evidence and cost time on the hot path, so only the head is read. */
export const MEMO_READ_CHARS = 256;
const NGRAM_SIZES = [1, 2, 3] as const;

/**
 * NFKC (full-width to half-width), lower case, every digit to 0 (order numbers and phone numbers say
 * "a number here", not which one), runs of whitespace to one space.
 */
export function normaliseMemo(memo: string): string {
  return memo.normalize('NFKC').toLowerCase().replace(/\p{Nd}/gu, '0').replace(/\s+/gu, ' ').trim();
}

/**
 * Hashed character n-grams (1 to 3 code points, with a space marking each end) as ln(1 + count),
 * L2-normalised. Character n-grams need no tokenizer, so Chinese and English memos go through the
 * same code; returns null for a memo with no text, which the builder reports as a missing modality.
 */
export function hashMemo(memo: string | undefined): Float32Array | null {
  if (memo === undefined) return null;
  const text = normaliseMemo(memo);
  if (text.length === 0) return null;
  const chars = [' ', ...Array.from(text).slice(0, MEMO_READ_CHARS), ' '];
  const counts = new Float32Array(MEMO_DIM);
  for (const n of NGRAM_SIZES) {
    for (let i = 0; i + n <= chars.length; i++) {
      const gram = chars.slice(i, i + n).join('');
      if (gram === ' ') continue;
      const bucket = fnv1a(gram) % MEMO_DIM;
      counts[bucket] = (counts[bucket] ?? 0) + 1;
    }
  }
  let norm = 0;
  for (let i = 0; i < MEMO_DIM; i++) {
    const v = Math.log1p(counts[i] ?? 0);
    counts[i] = v;
    norm += v * v;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < MEMO_DIM; i++) counts[i] = (counts[i] ?? 0) * scale;
  return counts;
}
