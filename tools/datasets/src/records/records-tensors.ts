/**
 * Documents -> the tagger's training tensors. The features come from @mosaic/records
 * (prepareDocument + encodeChunks), exactly as the service computes them; only the labels are
 * added here, as a mask of the tags allowed at each character (one tag for a fully annotated
 * character, several for a partially annotated one).
 */
import {
  CharVocabulary,
  DEFAULT_CHUNK_LENGTH,
  ENTITY_TYPES,
  OUTSIDE,
  TAGS,
  beginTag,
  encodeChunks,
  insideTag,
  prepareDocument,
  toNormalizedSpan,
  type EntityType,
} from '@mosaic/records';
import type { StoredTensor } from '../common/tensor-store';
import type { AnnotatedDocument, DocumentSource } from './annotated-document';
import type { SyntheticDocument } from './synthetic-records.generator';

export const SOURCES: readonly DocumentSource[] = ['yidu', 'synthetic', 'phee'];
const SYNTHETIC_UNLABELED: readonly EntityType[] = ['SURGERY', 'ANATOMY', 'IMAGING', 'LAB'];

export function syntheticAnnotated(doc: SyntheticDocument): AnnotatedDocument {
  return {
    id: doc.id,
    source: 'synthetic',
    text: doc.text,
    spans: doc.spans.map((s) => ({ start: s.start, end: s.end, types: [s.type] })),
    unlabeled: SYNTHETIC_UNLABELED,
  };
}

/** Allowed tags per normalised character of one document: [length * tags]. */
export function allowedTags(doc: AnnotatedDocument, normalized: ReturnType<typeof prepareDocument>['normalized']): Uint8Array {
  const length = normalized.text.length;
  const t = TAGS.length;
  const allowed = new Uint8Array(length * t);
  const outside = [OUTSIDE, ...doc.unlabeled.flatMap((type) => [beginTag(type), insideTag(type)])];
  for (let i = 0; i < length; i += 1) for (const tag of outside) allowed[i * t + tag] = 1;
  const mark = (from: number, to: number, tags: (i: number) => number[]) => {
    for (let i = from; i < to; i += 1) {
      allowed.fill(0, i * t, (i + 1) * t);
      for (const tag of tags(i)) allowed[i * t + tag] = 1;
    }
  };
  for (const region of doc.unknown ?? []) {
    const span = toNormalizedSpan(normalized, region.start, region.end);
    if (span) mark(span[0], span[1], () => Array.from({ length: t }, (_, k) => k));
  }
  for (const gold of doc.spans) {
    const span = toNormalizedSpan(normalized, gold.start, gold.end);
    if (!span) continue;
    mark(span[0], span[1], (i) => gold.types.map((type) => (i === span[0] ? beginTag(type) : insideTag(type))));
  }
  return allowed;
}

export interface DocumentRows {
  chars: Int32Array;
  bigrams: Int32Array;
  shapes: Int32Array;
  lengths: Int32Array;
  allowed: Uint8Array;
  rows: number;
}

/** The chunks of one document as padded rows of `width` characters. */
export function documentRows(doc: AnnotatedDocument, vocabulary: CharVocabulary, width = DEFAULT_CHUNK_LENGTH): DocumentRows {
  const prepared = prepareDocument(doc.text, width);
  const batch = encodeChunks(prepared.normalized.text, prepared.chunks, vocabulary, width);
  const perChar = allowedTags(doc, prepared.normalized);
  const t = TAGS.length;
  const allowed = new Uint8Array(batch.size * width * t);
  prepared.chunks.forEach((chunk, row) => {
    for (let i = chunk.start; i < chunk.end; i += 1) {
      const target = (row * width + (i - chunk.start)) * t;
      allowed.set(perChar.subarray(i * t, (i + 1) * t), target);
      // A span cut by the chunk edge starts again at the edge.
      if (i === chunk.start) {
        for (const type of ENTITY_TYPES) {
          if (allowed[target + insideTag(type)]) {
            allowed[target + insideTag(type)] = 0;
            allowed[target + beginTag(type)] = 1;
          }
        }
      }
    }
  });
  return { chars: batch.chars, bigrams: batch.bigrams, shapes: batch.shapes, lengths: batch.lengths, allowed, rows: batch.size };
}

function concat<T extends Int32Array | Uint8Array>(parts: T[], make: (n: number) => T): T {
  const out = make(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function buildTensors(docs: readonly AnnotatedDocument[], vocabulary: CharVocabulary, width = DEFAULT_CHUNK_LENGTH): Record<string, StoredTensor> {
  const rows = docs.map((doc) => documentRows(doc, vocabulary, width));
  const n = rows.reduce((s, r) => s + r.rows, 0);
  const source = new Int32Array(n);
  const document = new Int32Array(n);
  let at = 0;
  rows.forEach((r, d) => {
    source.fill(SOURCES.indexOf(docs[d]?.source ?? 'yidu'), at, at + r.rows);
    document.fill(d, at, at + r.rows);
    at += r.rows;
  });
  const ints = (n2: number) => new Int32Array(n2);
  return {
    chars: { dims: [n, width], data: concat(rows.map((r) => r.chars), ints) },
    bigrams: { dims: [n, width], data: concat(rows.map((r) => r.bigrams), ints) },
    shapes: { dims: [n, width], data: concat(rows.map((r) => r.shapes), ints) },
    lengths: { dims: [n], data: concat(rows.map((r) => r.lengths), ints) },
    allowed: { dims: [n, width, TAGS.length], data: concat(rows.map((r) => r.allowed), (m) => new Uint8Array(m)) },
    source: { dims: [n], data: source },
    document: { dims: [n], data: document },
  };
}
