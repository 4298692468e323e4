/**
 * The lexicon feature: for each character, whether a known clinical term covers it (as its first,
 * inner or last character) and the term's type, from the longest term that covers it. The terms are
 * the entity strings of the model's training annotations and ship with the model inside vocab.json,
 * so the service and the dataset tool mark the same characters. Mostly a boundary cue: a long
 * disease phrase or a drug seen in training marks where it starts and ends.
 */
import { foldCase } from './char-vocabulary';

export const LEXICON_TYPES = ['DIAGNOSIS', 'DRUG', 'SURGERY', 'ANATOMY', 'IMAGING', 'LAB'] as const;
export type LexiconType = (typeof LEXICON_TYPES)[number];
export type LexiconEntries = Partial<Record<LexiconType, readonly string[]>>;

const POSITIONS = 3;
/** Feature ids: 0 = no term, then begin / inside / end for each type in LEXICON_TYPES order. */
export const LEXICON_IDS = 1 + LEXICON_TYPES.length * POSITIONS;
export const LEXICON_MIN_LENGTH = 2;
export const LEXICON_MAX_LENGTH = 32;

interface TrieNode {
  next: Map<string, TrieNode>;
  /** Index into LEXICON_TYPES of the term ending here, or -1. */
  type: number;
}

const node = (): TrieNode => ({ next: new Map(), type: -1 });

/** ASCII letters and digits: a Latin term must not start or end inside a word. */
function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const code = ch.charCodeAt(0);
  const lower = code | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || (code >= 0x30 && code <= 0x39);
}

export class TermLexicon {
  private readonly root: TrieNode = node();

  constructor(readonly entries: LexiconEntries) {
    LEXICON_TYPES.forEach((type, index) => {
      for (const term of entries[type] ?? []) {
        let at = this.root;
        for (let i = 0; i < term.length; i += 1) {
          const ch = term[i] ?? '';
          let child = at.next.get(ch);
          if (!child) {
            child = node();
            at.next.set(ch, child);
          }
          at = child;
        }
        // A term listed under two types keeps the first (entries come deduplicated from the builder).
        if (at.type < 0) at.type = index;
      }
    });
  }

  get empty(): boolean {
    return this.root.next.size === 0;
  }

  /**
   * Writes the feature id of each character of text[from, to) to out[offset + (i - from)]. Terms do
   * not reach past `to`, and a Latin term must not start or end inside a word ("ca" in "cancer").
   */
  mark(text: string, from: number, to: number, out: Int32Array, offset: number): void {
    if (this.empty) return;
    const covered = new Int32Array(to - from);
    for (let start = from; start < to; start += 1) {
      if (isWordChar(text[start]) && isWordChar(text[start - 1])) continue;
      let at: TrieNode | undefined = this.root;
      let longest = 0;
      let type = -1;
      for (let i = start; i < to && i - start < LEXICON_MAX_LENGTH; i += 1) {
        at = at.next.get(foldCase(text[i] ?? ''));
        if (!at) break;
        const length = i - start + 1;
        if (at.type >= 0 && length >= LEXICON_MIN_LENGTH && !(isWordChar(text[i]) && isWordChar(text[i + 1]))) {
          longest = length;
          type = at.type;
        }
      }
      for (let i = 0; i < longest; i += 1) {
        const k = start - from + i;
        if (longest <= (covered[k] ?? 0)) continue;
        covered[k] = longest;
        const position = i === 0 ? 0 : i === longest - 1 ? 2 : 1;
        out[offset + k] = 1 + type * POSITIONS + position;
      }
    }
  }
}

/**
 * The lexicon of a set of annotated terms: each distinct case-folded string with the type it is most
 * often annotated as (ties by LEXICON_TYPES order), between the minimum and maximum length.
 */
export function lexiconEntries(terms: Iterable<{ text: string; type: string }>): LexiconEntries {
  const counts = new Map<string, Map<number, number>>();
  for (const { text, type } of terms) {
    const index = LEXICON_TYPES.indexOf(type as LexiconType);
    const term = foldCase(text);
    if (index < 0 || term.length < LEXICON_MIN_LENGTH || term.length > LEXICON_MAX_LENGTH || term.includes('\n')) continue;
    const byType = counts.get(term) ?? new Map<number, number>();
    byType.set(index, (byType.get(index) ?? 0) + 1);
    counts.set(term, byType);
  }
  const entries: Record<LexiconType, string[]> = { DIAGNOSIS: [], DRUG: [], SURGERY: [], ANATOMY: [], IMAGING: [], LAB: [] };
  for (const term of [...counts.keys()].sort()) {
    const byType = [...(counts.get(term) ?? new Map<number, number>()).entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const best = byType[0];
    if (best) entries[LEXICON_TYPES[best[0]] as LexiconType].push(term);
  }
  return entries;
}
