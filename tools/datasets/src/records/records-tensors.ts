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
  lexiconEntries,
  normalizeText,
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

/**
 * The annotated terms of documents, as the lexicon feature reads them: the normalised text of every
 * span that names exactly one type.
 */
export function* annotatedTerms(docs: readonly AnnotatedDocument[]): Generator<{ text: string; type: EntityType }> {
  for (const doc of docs) {
    const normalized = normalizeText(doc.text);
    for (const gold of doc.spans) {
      const type = gold.types.length === 1 ? gold.types[0] : undefined;
      const span = type ? toNormalizedSpan(normalized, gold.start, gold.end) : null;
      if (type && span) yield { text: normalized.text.slice(span[0], span[1]), type };
    }
  }
}

/**
 * One vocabulary per document whose lexicon holds only the terms of the other folds' documents, so
 * that in training, as in use, a term the lexicon does not know still has to be found from context
 * (with every document's own terms in its lexicon, the model would learn to trust the lexicon
 * blindly). A synthetic document's lexicon holds no synthetic terms at all: the generator's small
 * training pools would otherwise put nearly every drug and diagnosis of a synthetic document in its
 * lexicon, while the synthetic test draws from held-out pools that no lexicon holds.
 */
export function foldVocabularies(docs: readonly AnnotatedDocument[], vocabulary: CharVocabulary, folds: number): CharVocabulary[] {
  const perFold = Array.from({ length: folds }, (_, k) =>
    vocabulary.withLexicon(lexiconEntries(annotatedTerms(docs.filter((_, d) => d % folds !== k)))),
  );
  const forSynthetic = vocabulary.withLexicon(lexiconEntries(annotatedTerms(docs.filter((doc) => doc.source !== 'synthetic'))));
  return docs.map((doc, d) => (doc.source === 'synthetic' ? forSynthetic : (perFold[d % folds] as CharVocabulary)));
}

export interface DocumentRows {
  chars: Int32Array;
  bigrams: Int32Array;
  shapes: Int32Array;
  lexicon: Int32Array;
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
  return { chars: batch.chars, bigrams: batch.bigrams, shapes: batch.shapes, lexicon: batch.lexicon, lengths: batch.lengths, allowed, rows: batch.size };
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

/** `vocabulary` is one for every document, or one per document (foldVocabularies). */
export function buildTensors(
  docs: readonly AnnotatedDocument[],
  vocabulary: CharVocabulary | readonly CharVocabulary[],
  width = DEFAULT_CHUNK_LENGTH,
): Record<string, StoredTensor> {
  const vocabularyOf = (d: number) => (vocabulary instanceof CharVocabulary ? vocabulary : (vocabulary[d] as CharVocabulary));
  const rows = docs.map((doc, d) => documentRows(doc, vocabularyOf(d), width));
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
    lexicon: { dims: [n, width], data: concat(rows.map((r) => r.lexicon), ints) },
    lengths: { dims: [n], data: concat(rows.map((r) => r.lengths), ints) },
    allowed: { dims: [n, width, TAGS.length], data: concat(rows.map((r) => r.allowed), (m) => new Uint8Array(m)) },
    source: { dims: [n], data: source },
    document: { dims: [n], data: document },
  };
}
