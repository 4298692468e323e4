/**
 * One training or test document, whatever its source, as the tagger learns from it: the stored
 * text and gold spans in stored-text offsets. Sources annotate different things, so each span lists
 * the entity types it may be (PHEE's "Treatment" is a drug or a procedure), and `unlabeled` names
 * the types a source never annotates and may therefore hide in its unannotated text (Yidu-S4K has
 * no dose or patient-name annotations). Training treats those as partial labels.
 */
import type { EntityType } from '@mosaic/records';

export type DocumentSource = 'yidu' | 'synthetic' | 'phee';

export interface AnnotatedSpan {
  start: number;
  end: number;
  types: readonly EntityType[];
}

export interface AnnotatedDocument {
  id: string;
  source: DocumentSource;
  text: string;
  spans: AnnotatedSpan[];
  unlabeled: readonly EntityType[];
  /** Spans whose tags are unknown altogether (PHEE's "Background"). */
  unknown?: Array<{ start: number; end: number }>;
}

/** Seeded Fisher-Yates over 0..n-1, so a split is fixed by its seed and never by file order luck. */
export function seededPermutation(n: number, seed: number): number[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}
