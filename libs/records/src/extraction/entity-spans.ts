/** Turns decoded BIO tags into typed entity spans on the normalised text. */
import type { DecodedSequence } from '../tagging/crf-decoder';
import { OUTSIDE, isBegin, tagType, type EntityType } from '../tagging/tag-set';

export interface TaggedEntity {
  type: EntityType;
  /** Normalised-text offsets. */
  start: number;
  end: number;
  text: string;
  /** Mean marginal probability of the span's tags. */
  confidence: number;
}

export function entitiesFromTags(text: string, offset: number, decoded: DecodedSequence): TaggedEntity[] {
  const entities: TaggedEntity[] = [];
  let open: { type: EntityType; start: number; sum: number } | null = null;
  const close = (end: number) => {
    if (!open) return;
    const length = end - open.start;
    entities.push({
      type: open.type,
      start: offset + open.start,
      end: offset + end,
      text: text.slice(offset + open.start, offset + end),
      confidence: open.sum / length,
    });
    open = null;
  };
  for (let i = 0; i < decoded.tags.length; i += 1) {
    const tag = decoded.tags[i] ?? OUTSIDE;
    const type = tagType(tag);
    const p = decoded.confidence[i] ?? 0;
    if (type === null) {
      close(i);
    } else if (isBegin(tag) || open === null || open.type !== type) {
      close(i);
      open = { type, start: i, sum: p };
    } else {
      open.sum += p;
    }
  }
  close(decoded.tags.length);
  return mergeOverlaps(text, trimEntities(entities).map((e) => alignToWords(text, e)));
}

const LATIN_OR_DIGIT = /[A-Za-z0-9]/;

/**
 * A span never starts or ends inside a Latin word or a number: "an Campbell" becomes "Ryan Campbell",
 * "4岁" in "24岁" becomes "24岁". Chinese has no word boundaries to align to and is left alone.
 */
function alignToWords(text: string, entity: TaggedEntity): TaggedEntity {
  let { start, end } = entity;
  const inWord = (i: number) => LATIN_OR_DIGIT.test(text[i] ?? '');
  if (inWord(start)) while (start > 0 && inWord(start - 1)) start -= 1;
  if (inWord(end - 1)) while (end < text.length && inWord(end)) end += 1;
  return start === entity.start && end === entity.end ? entity : { ...entity, start, end, text: text.slice(start, end) };
}

/** Pieces of one word that alignment made overlap ("Camp" + "ell") become one entity. */
function mergeOverlaps(text: string, entities: TaggedEntity[]): TaggedEntity[] {
  const merged: TaggedEntity[] = [];
  for (const entity of entities) {
    const last = merged[merged.length - 1];
    if (last && last.type === entity.type && entity.start < last.end) {
      const end = Math.max(last.end, entity.end);
      merged[merged.length - 1] = { ...last, end, text: text.slice(last.start, end), confidence: Math.min(last.confidence, entity.confidence) };
    } else merged.push(entity);
  }
  return merged;
}

/** Spans never start or end on whitespace or a separator the tagger swept in. */
function trimEntities(entities: TaggedEntity[]): TaggedEntity[] {
  return entities.flatMap((entity) => {
    let { start, end } = entity;
    const { text } = entity;
    let head = 0;
    let tail = text.length;
    while (head < tail && /[\s,，、;；:：。]/u.test(text[head] ?? '')) head += 1;
    while (tail > head && /[\s,，、;；:：。]/u.test(text[tail - 1] ?? '')) tail -= 1;
    if (tail === head) return [];
    start += head;
    end -= text.length - tail;
    return [{ ...entity, start, end, text: text.slice(head, tail) }];
  });
}
