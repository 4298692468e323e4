/**
 * Codes a diagnosis phrase to ICD-10 from the dictionary: an exact name (after folding case,
 * spaces and "history of"/"病史" wrappers) is certain; the longest dictionary name contained in a
 * longer phrase (2型糖尿病伴周围神经病变 -> 2型糖尿病) codes it with confidence in proportion to
 * how much of the phrase it covers.
 */
import { ICD10_DICTIONARY, type Icd10Entry } from './icd10-dictionary';

export interface Icd10Code {
  system: 'ICD-10';
  value: string;
  confidence: number;
}

const PREFIXES = ['history of', 'hx of', 'known', 'chronic history of', '既往', '有'];
const SUFFIXES = ['病史', '史', '病', '(待排)'];

export function foldDiagnosis(text: string): string {
  let folded = text
    .toLowerCase()
    .replace(/[\s'’]+/g, ' ')
    .replace(/[.,;:，。；：]+$/u, '')
    .trim();
  for (const prefix of PREFIXES) if (folded.startsWith(`${prefix} `) || (/^[\u4e00-\u9fff]/u.test(prefix) && folded.startsWith(prefix))) folded = folded.slice(prefix.length).trim();
  return folded.replace(/\s+/g, ' ');
}

interface Name {
  folded: string;
  entry: Icd10Entry;
  latin: boolean;
}

const NAMES: readonly Name[] = ICD10_DICTIONARY.flatMap((entry) =>
  [...entry.zh, ...entry.en].map((n) => ({ folded: foldDiagnosis(n), entry, latin: /^[a-z0-9 '-]+$/.test(foldDiagnosis(n)) })),
).sort((a, b) => b.folded.length - a.folded.length);

const EXACT = new Map<string, Icd10Entry>();
for (const name of [...NAMES].reverse()) EXACT.set(name.folded, name.entry);

const ABBREVIATIONS = new Map<string, Icd10Entry>(ICD10_DICTIONARY.flatMap((entry) => entry.abbreviations.map((a) => [a, entry] as const)));

function contains(haystack: string, name: Name): boolean {
  const at = haystack.indexOf(name.folded);
  if (at < 0) return false;
  if (!name.latin) return true;
  const before = haystack[at - 1];
  const after = haystack[at + name.folded.length];
  return (before === undefined || !/[a-z0-9]/.test(before)) && (after === undefined || !/[a-z0-9]/.test(after));
}

export function codeDiagnosis(text: string): Icd10Code | null {
  const abbreviation = ABBREVIATIONS.get(text.trim());
  if (abbreviation) return { system: 'ICD-10', value: abbreviation.code, confidence: 0.95 };
  const folded = foldDiagnosis(text);
  if (!folded) return null;
  const candidates = [folded, ...SUFFIXES.filter((s) => folded.endsWith(s)).map((s) => folded.slice(0, -s.length))];
  for (const candidate of candidates) {
    const exact = EXACT.get(candidate);
    if (exact) return { system: 'ICD-10', value: exact.code, confidence: 1 };
  }
  const inside = NAMES.find((name) => name.folded.length >= 2 && contains(folded, name));
  if (!inside) return null;
  const coverage = inside.folded.length / folded.length;
  return { system: 'ICD-10', value: inside.entry.code, confidence: Math.round((0.5 + 0.4 * coverage) * 100) / 100 };
}
