/**
 * Dose, frequency and route as the contract reports them: doses as "<amount> <unit>" with units
 * folded to one spelling (0.5克 -> "0.5 g"), frequencies and routes to the Latin abbreviations
 * prescriptions use (每日两次 -> bid, 口服 -> po). Each normaliser also finds its pattern in free
 * text, which the assembler uses when the tagger marked no span.
 */
export interface Found<T> {
  value: T;
  /** Offsets in the searched text. */
  start: number;
  end: number;
}

const NUMBER = String.raw`(?:\d+(?:\.\d+)?(?:\s*[-~～至到]\s*\d+(?:\.\d+)?)?|\d+\/\d+|半)`;

const DOSE_UNITS: ReadonlyArray<readonly [string, RegExp]> = [
  ['mg/kg', /^(?:mg\/kg|毫克\/公斤|毫克\/千克)$/i],
  ['mcg', /^(?:mcg|μg|µg|ug|微克)$/i],
  ['mg', /^(?:mg|毫克|mgs)$/i],
  ['g', /^(?:g|gm|克|grams?)$/i],
  ['mL', /^(?:ml|毫升|cc)$/i],
  ['L', /^(?:l|升)$/i],
  ['IU', /^(?:iu|国际单位)$/i],
  ['U', /^(?:u|units?|单位)$/i],
  ['mmol', /^(?:mmol|毫摩尔)$/i],
  ['tab', /^(?:片|tabs?|tablets?|pills?)$/i],
  ['cap', /^(?:粒|胶囊|caps?|capsules?)$/i],
  ['sachet', /^(?:袋|包|sachets?|packets?)$/i],
  ['puff', /^(?:喷|揿|吸|puffs?|inhalations?)$/i],
  ['drop', /^(?:滴|drops?|gtts?)$/i],
  ['ampoule', /^(?:支|ampoules?|vials?)$/i],
  ['patch', /^(?:贴|patch(?:es)?)$/i],
];

const UNIT_PATTERN = String.raw`(?:mg\/kg|毫克\/公斤|毫克\/千克|mcg|μg|µg|ug|微克|mgs|mg|毫克|grams?|gm|g|克|ml|毫升|cc|iu|国际单位|units?|u|单位|mmol|毫摩尔|l|升|tablets?|tabs?|pills?|片|capsules?|caps?|粒|胶囊|sachets?|packets?|袋|包|puffs?|inhalations?|喷|揿|drops?|gtts?|滴|ampoules?|vials?|支|patch(?:es)?|贴)`;

const DOSE_REGEX = new RegExp(String.raw`(${NUMBER})\s*(${UNIT_PATTERN})(?![A-Za-z])`, 'iu');

function canonicalAmount(amount: string): string {
  if (amount === '半') return '0.5';
  return amount.replace(/\s+/g, '').replace(/[~～至到]/g, '-');
}

function canonicalUnit(unit: string): string | null {
  for (const [name, pattern] of DOSE_UNITS) if (pattern.test(unit)) return name;
  return null;
}

/** "0.5g", "500 mg", "1片", "2 tablets" -> "0.5 g", "500 mg", "1 tab", "2 tab"; null when no amount and unit. */
export function normalizeDose(text: string): string | null {
  return findDose(text)?.value ?? null;
}

export function findDose(text: string): Found<string> | null {
  const match = DOSE_REGEX.exec(text);
  if (!match || match[1] === undefined || match[2] === undefined) return null;
  const unit = canonicalUnit(match[2]);
  if (!unit) return null;
  return { value: `${canonicalAmount(match[1])} ${unit}`, start: match.index, end: match.index + match[0].length };
}

const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 八: 8, 十二: 12 };

function count(word: string): number | null {
  if (/^\d+$/.test(word)) return Number(word);
  return CHINESE_DIGITS[word] ?? null;
}

const PER_DAY: Record<number, string> = { 1: 'qd', 2: 'bid', 3: 'tid', 4: 'qid' };
const EVERY_HOURS: Record<number, string> = { 4: 'q4h', 6: 'q6h', 8: 'q8h', 12: 'q12h', 24: 'qd' };
const NUM = String.raw`(\d+|一|二|两|三|四|五|六|八|十二)`;

const FREQUENCY_RULES: ReadonlyArray<readonly [RegExp, (m: RegExpExecArray) => string | null]> = [
  [new RegExp(String.raw`(?:每|一|1)?(?:日|天)\s*${NUM}\s*次`, 'u'), (m) => PER_DAY[count(m[1] ?? '') ?? 0] ?? null],
  [new RegExp(String.raw`${NUM}\s*次\s*[/每]\s*(?:日|天)`, 'u'), (m) => PER_DAY[count(m[1] ?? '') ?? 0] ?? null],
  [new RegExp(String.raw`每\s*${NUM}\s*(?:小时|h)\s*(?:一次|1次)?`, 'u'), (m) => EVERY_HOURS[count(m[1] ?? '') ?? 0] ?? null],
  [/每周\s*(?:一|1)\s*次|每周一次|1次\/周/u, () => 'qw'],
  [/隔日\s*(?:一|1)?\s*次?|隔天\s*(?:一|1)?\s*次?/u, () => 'qod'],
  [/每晚|睡前|每晚睡前/u, () => 'qn'],
  [/每晨|早晨|晨起/u, () => 'qam'],
  [/必要时|需要时|疼痛时|\bp\.?r\.?n\.?(?![a-z])/iu, () => 'prn'],
  [/立即|\bstat\b|\bst\b/iu, () => 'stat'],
  [/\bq\.?\s?(4|6|8|12)\s?h\.?(?![a-z])/i, (m) => EVERY_HOURS[Number(m[1])] ?? null],
  [/every\s+(4|6|8|12|24)\s+hours?/i, (m) => EVERY_HOURS[Number(m[1])] ?? null],
  [/\bq\.?i\.?d\.?(?![a-z])|four times (?:a day|daily)|4 times (?:a day|daily)/i, () => 'qid'],
  [/\bt\.?i\.?d\.?(?![a-z])|three times (?:a day|daily)|3 times (?:a day|daily)|thrice daily/i, () => 'tid'],
  [/\bb\.?i\.?d\.?(?![a-z])|twice (?:a day|daily)|two times (?:a day|daily)|2 times (?:a day|daily)/i, () => 'bid'],
  [/\bq\.?o\.?d\.?(?![a-z])|every other day|alternate days/i, () => 'qod'],
  [/\bq\.?w\.?(?![a-z])|once (?:a )?week(?:ly)?|weekly|every week/i, () => 'qw'],
  [/\bq\.?h\.?s\.?(?![a-z])|\bq\.?n\.?(?![a-z])|at bedtime|at night|nightly|every night|before bed/i, () => 'qn'],
  [/\bq\.?a\.?m\.?(?![a-z])|every morning|each morning|in the morning/i, () => 'qam'],
  [/as needed|when needed|if needed|as required/i, () => 'prn'],
  [/\bq\.?d\.?(?![a-z])|once (?:a )?day|once daily|daily|every day|per day|1 time (?:a day|daily)/i, () => 'qd'],
];

/** "每日两次", "bid", "twice daily", "q8h" -> "bid", "bid", "bid", "q8h"; null when none is recognised. */
export function normalizeFrequency(text: string): string | null {
  return findFrequency(text)?.value ?? null;
}

export function findFrequency(text: string): Found<string> | null {
  let best: Found<string> | null = null;
  for (const [pattern, canonical] of FREQUENCY_RULES) {
    const match = pattern.exec(text);
    if (!match) continue;
    const value = canonical(match);
    if (value && (!best || match.index < best.start)) best = { value, start: match.index, end: match.index + match[0].length };
  }
  return best;
}

const ROUTE_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/口服|\bp\.?o\.?(?![a-z])|by mouth|orally|\boral\b/i, 'po'],
  [/静脉滴注|静滴|静推|静脉注射|静脉泵入|静脉输注|\bivgtt\b|\bi\.?v\.?(?![a-z])|intravenous(?:ly)?/i, 'iv'],
  [/肌内注射|肌肉注射|肌注|\bi\.?m\.?(?![a-z])|intramuscular(?:ly)?/i, 'im'],
  [/皮下注射|皮下|\bi\.?h\.?(?![a-z])|\bs\.?c\.?(?![a-z])|subcutaneous(?:ly)?|\bsubcut\b|\bsq\b/i, 'sc'],
  [/舌下含服|舌下|sublingual(?:ly)?|\bs\.?l\.?(?![a-z])/i, 'sl'],
  [/雾化吸入|吸入|inhaled|inhalation|\binh\b|nebuli[sz]ed/i, 'inh'],
  [/外用|涂抹|外涂|topical(?:ly)?|apply to skin/i, 'topical'],
  [/纳肛|塞肛|直肠给药|rectal(?:ly)?|\bp\.?r\.?(?![a-z])/i, 'pr'],
  [/滴眼|点眼|eye drops?|ophthalmic/i, 'eye'],
  [/鼻饲|via (?:ng|nasogastric) tube/i, 'ng'],
];

/** "口服", "p.o.", "intravenously" -> "po", "po", "iv"; null when none is recognised. */
export function normalizeRoute(text: string): string | null {
  return findRoute(text)?.value ?? null;
}

export function findRoute(text: string): Found<string> | null {
  let best: Found<string> | null = null;
  for (const [pattern, value] of ROUTE_RULES) {
    const match = pattern.exec(text);
    if (match && (!best || match.index < best.start)) best = { value, start: match.index, end: match.index + match[0].length };
  }
  return best;
}
