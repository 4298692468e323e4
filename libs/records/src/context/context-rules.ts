/**
 * The ConText pass (Chapman et al.'s algorithm, with Chinese and English trigger lists): decides
 * for each diagnosis span whether it is negated, a relative's, or only suspected, from the triggers
 * around it in its sentence. Every decision is a rule tested case by case in context-rules.spec.ts.
 */
import type { SectionKind } from '../segmentation/section-splitter';
import { CHINESE_TRIGGERS, ENGLISH_TRIGGERS, type Trigger, type TriggerCategory } from './context-triggers';

export type Language = 'zh' | 'en';

export interface ContextTarget {
  /** Offsets relative to the sentence. */
  start: number;
  end: number;
}

export interface ContextFlags {
  negated: boolean;
  subject: 'patient' | 'family';
  certainty: 'confirmed' | 'suspected';
}

interface TriggerMatch {
  start: number;
  end: number;
  phrase: string;
  category: TriggerCategory;
  forward: boolean;
  backward: boolean;
}

/** How far a scope may reach, in characters: Chinese packs more meaning per character. */
const FORWARD_REACH: Record<Language, number> = { zh: 50, en: 100 };
const BACKWARD_REACH: Record<Language, number> = { zh: 30, en: 40 };

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

function findOccurrences(sentence: string, lower: string, trigger: Trigger, language: Language): number[] {
  const found: number[] = [];
  const needle = trigger.phrase.toLowerCase();
  const wordBounded = language === 'en' && isWordChar(needle[0]);
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
    if (wordBounded && (isWordChar(sentence[at - 1]) || isWordChar(sentence[at + needle.length]))) continue;
    found.push(at);
  }
  return found;
}

/** Longest triggers first, no two overlapping, none inside a target (家族性高胆固醇血症 holds 家族). */
function matchTriggers(sentence: string, language: Language, targets: readonly ContextTarget[]): TriggerMatch[] {
  const triggers = language === 'zh' ? CHINESE_TRIGGERS : ENGLISH_TRIGGERS;
  const lower = sentence.toLowerCase();
  const candidates = new Map<string, TriggerMatch>();
  for (const trigger of triggers) {
    for (const start of findOccurrences(sentence, lower, trigger, language)) {
      const end = start + trigger.phrase.length;
      const key = `${start}:${end}:${trigger.category}`;
      const existing = candidates.get(key);
      const forward = trigger.direction !== 'backward';
      const backward = trigger.direction !== 'forward';
      if (existing) {
        existing.forward ||= forward;
        existing.backward ||= backward;
      } else {
        candidates.set(key, { start, end, phrase: trigger.phrase, category: trigger.category, forward, backward });
      }
    }
  }
  const ordered = [...candidates.values()].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const chosen: TriggerMatch[] = [];
  const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
  for (const match of ordered) {
    if (targets.some((target) => overlaps(target, match))) continue;
    if (chosen.some((c) => overlaps(c, match) && !(c.start === match.start && c.end === match.end))) continue;
    if (chosen.some((c) => c.start === match.start && c.end === match.end && c.category === 'pseudo')) continue;
    chosen.push(match);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

/** A trigger that reads both ways applies forward when a target follows it at once, backward when one precedes it at once. */
function resolveDirection(match: TriggerMatch, sentence: string, targets: readonly ContextTarget[]): TriggerMatch {
  if (!match.forward || !match.backward || match.category === 'family') return match;
  const adjacent = (gap: string) => gap.trim() === '';
  const follows = targets.some((t) => t.start >= match.end && adjacent(sentence.slice(match.end, t.start)));
  const precedes = targets.some((t) => t.end <= match.start && adjacent(sentence.slice(t.end, match.start)));
  if (follows && !precedes) return { ...match, backward: false };
  if (precedes && !follows) return { ...match, forward: false };
  return match;
}

function scopeEndsAt(terminators: readonly TriggerMatch[], from: number, limit: number): number {
  const next = terminators.find((t) => t.start >= from);
  return Math.min(limit, next ? next.start : limit);
}

function scopeStartsAt(terminators: readonly TriggerMatch[], to: number, limit: number, sentence: string, language: Language): number {
  let start = limit;
  for (const t of terminators) if (t.end <= to) start = Math.max(start, t.end);
  if (language === 'en') {
    // A comma ends a backward scope in English: "asthma, possible pneumonia".
    const comma = sentence.lastIndexOf(',', to - 1);
    if (comma >= 0) start = Math.max(start, comma + 1);
  }
  return start;
}

export function applyContext(
  sentence: string,
  targets: readonly ContextTarget[],
  language: Language,
  section?: SectionKind,
): ContextFlags[] {
  const matches = matchTriggers(sentence, language, targets).map((m) => resolveDirection(m, sentence, targets));
  const terminators = matches.filter((m) => m.category === 'terminator');
  const flags: ContextFlags[] = targets.map(() => ({
    negated: false,
    subject: section === 'family-history' ? 'family' : 'patient',
    certainty: 'confirmed',
  }));
  for (const match of matches) {
    if (match.category === 'terminator' || match.category === 'pseudo') continue;
    const forwardEnd = scopeEndsAt(terminators, match.end, Math.min(sentence.length, match.end + FORWARD_REACH[language]));
    const backwardStart = scopeStartsAt(terminators, match.start, Math.max(0, match.start - BACKWARD_REACH[language]), sentence, language);
    targets.forEach((target, i) => {
      const inForward = match.forward && target.start >= match.end && target.start < forwardEnd;
      const inBackward = match.backward && target.end <= match.start && target.end > backwardStart;
      if (!inForward && !inBackward) return;
      const flag = flags[i];
      if (!flag) return;
      if (match.category === 'negated') flag.negated = true;
      else if (match.category === 'family') flag.subject = 'family';
      else if (match.category === 'suspected') flag.certainty = 'suspected';
    });
  }
  return flags;
}

/**
 * A diagnosis span that starts with a negation, suspicion or family trigger ("怀疑消化道出血",
 * "probable thyroid nodule") swallowed the word that qualifies it: the offset where the diagnosis
 * itself starts, or null when the span is nothing but a trigger ("Negative").
 */
export function qualifierPrefixLength(span: string, language: Language): number | null {
  const triggers = language === 'zh' ? CHINESE_TRIGGERS : ENGLISH_TRIGGERS;
  const lower = span.toLowerCase();
  const isPrefix = (phrase: string) => {
    const p = phrase.toLowerCase();
    return lower.startsWith(p) && (language === 'zh' || !isWordChar(span[p.length]));
  };
  if (triggers.some((t) => t.category !== 'pseudo' && t.category !== 'terminator' && t.phrase.toLowerCase() === lower.trim())) return null;
  if (triggers.some((t) => t.category === 'pseudo' && isPrefix(t.phrase))) return 0;
  const qualifier = triggers
    .filter((t) => (t.category === 'negated' || t.category === 'suspected' || t.category === 'family') && t.direction !== 'backward' && isPrefix(t.phrase))
    .sort((a, b) => b.phrase.length - a.phrase.length)[0];
  if (!qualifier) return 0;
  let offset = qualifier.phrase.length;
  while (offset < span.length && /\s/.test(span[offset] ?? '')) offset += 1;
  return span.length - offset >= 2 ? offset : null;
}

/**
 * The other end: a diagnosis span that ends with the start of, or all of, a trigger that qualifies
 * it from behind ("肺结核待" before "排", "脑梗死待排", "gout?"): how many characters at its end are
 * the trigger's, so that the trigger is read as one (0 when none, or when the rest would be under
 * two characters). `following` is the text just after the span.
 */
export function qualifierSuffixLength(span: string, following: string, language: Language): number {
  const triggers = language === 'zh' ? CHINESE_TRIGGERS : ENGLISH_TRIGGERS;
  const lowerSpan = span.toLowerCase();
  const lowerNext = following.toLowerCase();
  let cut = 0;
  for (const trigger of triggers) {
    if (trigger.direction !== 'backward' || (trigger.category !== 'negated' && trigger.category !== 'suspected')) continue;
    const phrase = trigger.phrase.toLowerCase();
    for (let k = phrase.length; k > cut; k -= 1) {
      if (!lowerSpan.endsWith(phrase.slice(0, k)) || !lowerNext.startsWith(phrase.slice(k))) continue;
      const before = span.length - k;
      if (language !== 'zh' && isWordChar(span[before]) && isWordChar(span[before - 1])) continue;
      cut = k;
      break;
    }
  }
  let keep = span.length - cut;
  while (keep > 0 && /\s/.test(span[keep - 1] ?? '')) keep -= 1;
  return cut > 0 && keep >= 2 ? span.length - keep : 0;
}
