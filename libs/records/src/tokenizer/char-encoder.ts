/**
 * Character features for the tagger, computed once here for both the dataset tool and the service:
 * the character id, a hashed id of the bigram ending at the character, the character's shape, and
 * the lexicon feature (term-lexicon.ts).
 */
import { isCjk } from '../normalization/text-normalizer';
import type { Chunk } from '../segmentation/chunker';
import { CharVocabulary, PAD_ID, foldCase } from './char-vocabulary';

export const SHAPES = ['pad', 'space', 'digit', 'upper', 'lower', 'cjk', 'punctuation', 'other', 'newline'] as const;

export function shapeOf(ch: string): number {
  const code = ch.charCodeAt(0);
  if (ch === '\n') return 8;
  if (ch === ' ') return 1;
  if (code >= 48 && code <= 57) return 2;
  if (code >= 65 && code <= 90) return 3;
  if (code >= 97 && code <= 122) return 4;
  if (isCjk(code)) return 5;
  if (/[\p{P}\p{S}]/u.test(ch)) return 6;
  return 7;
}

/** FNV-1a over the two case-folded characters; bucket 0 is reserved for padding. */
export function bigramId(previous: string, current: string, buckets: number): number {
  let hash = 0x811c9dc5;
  const key = `${foldCase(previous)}\u0000${foldCase(current)}`;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return 1 + (hash % (buckets - 1));
}

/** A batch of chunks, row-major [size, length], padded with 0. */
export interface EncodedBatch {
  size: number;
  length: number;
  lengths: Int32Array;
  chars: Int32Array;
  bigrams: Int32Array;
  shapes: Int32Array;
  lexicon: Int32Array;
}

const SENTENCE_START = '\u0002';

export function encodeChunks(text: string, chunks: readonly Chunk[], vocabulary: CharVocabulary, padTo?: number): EncodedBatch {
  const longest = chunks.reduce((m, c) => Math.max(m, c.end - c.start), 0);
  const length = Math.max(padTo ?? 0, longest, 1);
  if (padTo !== undefined && longest > padTo) throw new Error(`a chunk of ${longest} characters does not fit ${padTo}`);
  const size = chunks.length;
  const batch: EncodedBatch = {
    size,
    length,
    lengths: new Int32Array(size),
    chars: new Int32Array(size * length).fill(PAD_ID),
    bigrams: new Int32Array(size * length),
    shapes: new Int32Array(size * length),
    lexicon: new Int32Array(size * length),
  };
  chunks.forEach((chunk, row) => {
    batch.lengths[row] = chunk.end - chunk.start;
    let previous = SENTENCE_START;
    for (let i = chunk.start; i < chunk.end; i += 1) {
      const ch = text[i] ?? '';
      const at = row * length + (i - chunk.start);
      batch.chars[at] = vocabulary.id(ch);
      batch.bigrams[at] = bigramId(previous, ch, vocabulary.bigramBuckets);
      batch.shapes[at] = shapeOf(ch);
      previous = ch;
    }
    vocabulary.lexicon.mark(text, chunk.start, chunk.end, batch.lexicon, row * length);
  });
  return batch;
}
