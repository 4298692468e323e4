/**
 * Packs sentences into the fixed-length windows the tagger reads. Whole sentences are packed
 * together up to the limit so the encoder sees context; a longer sentence is cut at the last soft
 * break (comma, enumeration comma, space) before the limit.
 */
import type { Sentence } from './sentence-splitter';

export interface Chunk {
  start: number;
  end: number;
}

const SOFT_BREAKS = new Set(['，', ',', '、', ' ', ':', '：', ')', '）']);

function cutLong(text: string, sentence: Sentence, maxLength: number): Chunk[] {
  const pieces: Chunk[] = [];
  let start = sentence.start;
  while (sentence.end - start > maxLength) {
    let cut = start + maxLength;
    for (let i = start + maxLength - 1; i > start + maxLength / 2; i -= 1) {
      if (SOFT_BREAKS.has(text[i] ?? '')) {
        cut = i + 1;
        break;
      }
    }
    pieces.push({ start, end: cut });
    start = cut;
  }
  pieces.push({ start, end: sentence.end });
  return pieces;
}

export function packChunks(text: string, sentences: readonly Sentence[], maxLength: number): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Chunk | null = null;
  for (const sentence of sentences) {
    for (const piece of cutLong(text, sentence, maxLength)) {
      if (current && piece.end - current.start <= maxLength) {
        current.end = piece.end;
      } else {
        if (current) chunks.push(current);
        current = { ...piece };
      }
    }
  }
  if (current) chunks.push(current);
  return chunks;
}
