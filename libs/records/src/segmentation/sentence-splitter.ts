/**
 * Sentence splitting for Chinese and English on normalised text. Line breaks always end a
 * sentence; a full stop ends one only when it is not part of a number, an abbreviation (Dr.,
 * b.i.d., p.o.) or an initial.
 */
export interface Sentence {
  start: number;
  end: number;
}

const CLOSING = new Set(['。', '！', '？', '；', '!', '?', ';']);
const ABBREVIATIONS = new Set([
  'dr',
  'mr',
  'mrs',
  'ms',
  'prof',
  'st',
  'no',
  'vs',
  'etc',
  'e.g',
  'i.e',
  'approx',
  'b.i.d',
  't.i.d',
  'q.i.d',
  'q.d',
  'p.o',
  'i.v',
  'i.m',
  's.c',
  'p.r.n',
  'q.h.s',
  'h.s',
  'a.m',
  'p.m',
  'fig',
  'wt',
  'ht',
  'yr',
  'yrs',
  'y.o',
]);

function endsSentenceAtPeriod(text: string, at: number): boolean {
  const next = text[at + 1];
  if (next !== undefined && next !== ' ' && next !== '\n') return false;
  let wordStart = at;
  while (wordStart > 0 && /[A-Za-z.]/.test(text[wordStart - 1] ?? '')) wordStart -= 1;
  const written = text.slice(wordStart, at);
  if (ABBREVIATIONS.has(written.toLowerCase())) return false;
  // A single capital before the stop is an initial ("J. Smith").
  if (/^[A-Z]$/.test(written)) return false;
  const after = text.slice(at + 1).trimStart()[0];
  return after === undefined || !/[a-z]/.test(after);
}

export function splitSentences(text: string, start = 0, end = text.length): Sentence[] {
  const sentences: Sentence[] = [];
  let sentenceStart = start;
  const close = (at: number) => {
    let s = sentenceStart;
    let e = at;
    while (s < e && (text[s] === ' ' || text[s] === '\n')) s += 1;
    while (e > s && (text[e - 1] === ' ' || text[e - 1] === '\n')) e -= 1;
    if (e > s) sentences.push({ start: s, end: e });
    sentenceStart = at;
  };
  for (let i = start; i < end; i += 1) {
    const ch = text[i] ?? '';
    if (ch === '\n') close(i + 1);
    else if (CLOSING.has(ch)) close(i + 1);
    else if (ch === '.' && endsSentenceAtPeriod(text, i)) close(i + 1);
  }
  close(end);
  return sentences;
}
