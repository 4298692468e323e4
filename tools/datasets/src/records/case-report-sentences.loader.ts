/**
 * PHEE (adverse drug events in PubMed case reports, MedHighlight release): English sentences,
 * tokenised and lower-cased, with inside-only tags Problem / Treatment / Test / Background. A
 * sentence becomes its tokens joined by spaces. Problem is a diagnosis, Treatment a drug or a
 * procedure, Test a lab or imaging test; Background is not one of our types, so its tags are left
 * unknown. Split by sentence with a fixed seed, 20% held out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityType } from '@mosaic/records';
import { seededPermutation, type AnnotatedDocument, type AnnotatedSpan } from './annotated-document';

export const PHEE_FILE = 'phee/phee6-medhighlight-4709.csv';
export const PHEE_SPLIT_SEED = 4709;
export const PHEE_TEST_SHARE = 0.2;

export const PHEE_CLASSES: Readonly<Record<string, readonly EntityType[]>> = {
  Problem: ['DIAGNOSIS'],
  Treatment: ['DRUG', 'SURGERY'],
  Test: ['LAB', 'IMAGING'],
};

export interface PheeSentence {
  tokens: string[];
  tags: string[];
}

/** Reads one Python list literal of quoted strings: ['a', "b's", ...]. */
export function parsePythonList(literal: string): string[] {
  const items: string[] = [];
  const pattern = /'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g;
  for (let m = pattern.exec(literal); m; m = pattern.exec(literal)) {
    items.push((m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1'));
  }
  return items;
}

/** Splits one CSV record of two quoted fields. */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

export function loadPheeSentences(datasets: string): PheeSentence[] {
  const lines = readFileSync(join(datasets, PHEE_FILE), 'utf8').split(/\r?\n/).slice(1);
  return lines
    .filter((line) => line.trim())
    .map((line) => {
      const [sentence = '', tags = ''] = csvFields(line);
      return { tokens: parsePythonList(sentence), tags: parsePythonList(tags) };
    })
    .filter((s) => s.tokens.length > 0 && s.tokens.length === s.tags.length);
}

/** The sentence as text, and each token's [start, end) in it. */
export function pheeText(sentence: PheeSentence): { text: string; offsets: Array<[number, number]> } {
  const offsets: Array<[number, number]> = [];
  let text = '';
  sentence.tokens.forEach((token, i) => {
    if (i > 0) text += ' ';
    offsets.push([text.length, text.length + token.length]);
    text += token;
  });
  return { text, offsets };
}

export function pheeDocument(sentence: PheeSentence, id: string): AnnotatedDocument {
  const { text, offsets } = pheeText(sentence);
  const spans: AnnotatedSpan[] = [];
  const unknown: Array<{ start: number; end: number }> = [];
  let i = 0;
  while (i < sentence.tags.length) {
    const label = (sentence.tags[i] ?? 'O').replace(/^[BI]-/, '');
    let j = i;
    while (j + 1 < sentence.tags.length && (sentence.tags[j + 1] ?? 'O').replace(/^[BI]-/, '') === label) j += 1;
    const start = offsets[i]?.[0] ?? 0;
    const end = offsets[j]?.[1] ?? 0;
    const types = PHEE_CLASSES[label];
    if (types) spans.push({ start, end, types });
    else if (label !== 'O') unknown.push({ start, end });
    i = j + 1;
  }
  // PHEE leaves doses, routes, ages and anatomy unannotated inside its "O" text.
  return { id, source: 'phee', text, spans, unknown, unlabeled: ['NAME', 'AGE', 'SEX', 'DOSE', 'FREQUENCY', 'ROUTE', 'ANATOMY'] };
}

export function splitPhee(sentences: readonly PheeSentence[]): { train: PheeSentence[]; test: PheeSentence[] } {
  const order = seededPermutation(sentences.length, PHEE_SPLIT_SEED);
  const test = new Set(order.slice(0, Math.round(sentences.length * PHEE_TEST_SHARE)));
  return { train: sentences.filter((_, i) => !test.has(i)), test: sentences.filter((_, i) => test.has(i)) };
}
