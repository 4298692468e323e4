/**
 * Age and sex from the words that state them, in both languages: "45岁", "8个月", "45-year-old",
 * "3 days old", "男", "female", "M".
 */
export interface Age {
  value: number;
  unit: 'year' | 'month' | 'day';
}

export type Sex = 'male' | 'female';

const AGE_RULES: ReadonlyArray<readonly [RegExp, (value: number) => Age]> = [
  [/(\d+(?:\.\d+)?)\s*(?:周岁|岁半?|yrs?\b|years?\b|y\/o|yo\b|-year-old|-years-old|year-old|岁龄)/i, (v) => ({ value: v, unit: 'year' })],
  [/(\d+)\s*(?:个月|月龄|月大|months?\b|mos?\b|-month-old|mo-old)/i, (v) => ({ value: v, unit: 'month' })],
  [/(\d+)\s*(?:周|weeks?\b|wks?\b|-week-old)/i, (v) => ({ value: v * 7, unit: 'day' })],
  [/(\d+)\s*(?:天|日龄|日|days?\b|-day-old|d\b)/i, (v) => ({ value: v, unit: 'day' })],
  [/(?:年龄|age|aged)\s*[:：]?\s*(\d+(?:\.\d+)?)/i, (v) => ({ value: v, unit: 'year' })],
];

export function parseAge(text: string): Age | null {
  let best: { at: number; age: Age } | null = null;
  for (const [pattern, build] of AGE_RULES) {
    const match = pattern.exec(text);
    if (!match || match[1] === undefined) continue;
    const value = Number(match[1]);
    if (!Number.isFinite(value) || value < 0 || value > 130) continue;
    if (!best || match.index < best.at) best = { at: match.index, age: build(value) };
  }
  return best?.age ?? null;
}

const MALE = /^(?:男|男性|男孩|男婴|男童|男士|先生|m|male|man|boy|gentleman|mr\.?|he|his|him)$/i;
const FEMALE = /^(?:女|女性|女孩|女婴|女童|女士|f|female|woman|girl|lady|mrs\.?|ms\.?|miss|she|her)$/i;

export function parseSex(text: string): Sex | null {
  const word = text
    .trim()
    .replace(/^(?:性别|sex|gender)\s*[:：]?\s*/i, '')
    .replace(/[,.，。;；]$/u, '');
  if (MALE.test(word)) return 'male';
  if (FEMALE.test(word)) return 'female';
  return null;
}
