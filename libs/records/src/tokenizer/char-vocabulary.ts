/**
 * The character vocabulary the tagger was trained with, and the term lexicon of its lexicon feature.
 * It is committed beside the model (models/records-ner-moe/<version>/vocab.json), because the ids
 * and the terms are part of the model.
 */
import { TermLexicon, type LexiconEntries } from './term-lexicon';

export const PAD_ID = 0;
export const UNKNOWN_ID = 1;
const RESERVED = 2;

export interface VocabularyFile {
  featureSpec: { name: string; version: number };
  /** Characters in id order starting at id 2 (0 is padding, 1 unknown). */
  characters: string[];
  bigramBuckets: number;
  /** Terms per type for the lexicon feature (from training annotations only). */
  lexicon: LexiconEntries;
}

export class CharVocabulary {
  private readonly ids: Map<string, number>;

  private constructor(
    readonly characters: readonly string[],
    readonly bigramBuckets: number,
    readonly featureSpec: { name: string; version: number },
    readonly lexicon: TermLexicon,
  ) {
    this.ids = new Map(characters.map((c, i) => [c, i + RESERVED]));
  }

  static fromJson(file: VocabularyFile): CharVocabulary {
    if (file.featureSpec.name !== CHAR_FEATURE_SPEC.name || file.featureSpec.version !== CHAR_FEATURE_SPEC.version) {
      throw new Error(
        `vocabulary is for feature spec ${file.featureSpec.name}@${file.featureSpec.version}, this code encodes ${CHAR_FEATURE_SPEC.name}@${CHAR_FEATURE_SPEC.version}`,
      );
    }
    return new CharVocabulary(file.characters, file.bigramBuckets, file.featureSpec, new TermLexicon(file.lexicon));
  }

  /** Every character seen at least `minCount` times, most frequent first (ties by code point). */
  static build(texts: Iterable<string>, minCount: number, bigramBuckets = DEFAULT_BIGRAM_BUCKETS): CharVocabulary {
    const counts = new Map<string, number>();
    for (const text of texts) {
      for (const ch of text) {
        const key = foldCase(ch);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    const characters = [...counts.entries()]
      .filter(([, n]) => n >= minCount)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([c]) => c);
    return new CharVocabulary(characters, bigramBuckets, CHAR_FEATURE_SPEC, new TermLexicon({}));
  }

  /** The same characters with another term lexicon (the dataset tool gives each fold its own). */
  withLexicon(entries: LexiconEntries): CharVocabulary {
    return new CharVocabulary(this.characters, this.bigramBuckets, this.featureSpec, new TermLexicon(entries));
  }

  get size(): number {
    return this.characters.length + RESERVED;
  }

  id(ch: string): number {
    return this.ids.get(foldCase(ch)) ?? UNKNOWN_ID;
  }

  toJson(): VocabularyFile {
    return { featureSpec: { ...this.featureSpec }, characters: [...this.characters], bigramBuckets: this.bigramBuckets, lexicon: this.lexicon.entries };
  }
}

/** Names the encoding below; bump the version whenever ids, bigram hashing, shapes or the lexicon feature change. */
export const CHAR_FEATURE_SPEC = { name: 'records-char-bigram-shape-lexicon', version: 2 } as const;

export const DEFAULT_BIGRAM_BUCKETS = 16384;

/** Case is carried by the shape feature, so the character ids fold it. */
export function foldCase(ch: string): string {
  return ch.toLowerCase();
}
