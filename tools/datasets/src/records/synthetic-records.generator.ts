/**
 * Seeded generator of full synthetic medical documents in Chinese and English (discharge
 * summaries, outpatient notes, prescriptions, imaging reports) with gold annotations: every entity
 * span for the tagger, and the contract-level truth (the patient's name, age and sex; diagnoses with
 * negation, subject and certainty; medications with canonical dose, frequency and route).
 *
 * Generalisation is built in: the `test` split draws names, drugs and diagnoses from held-out
 * pools and uses layouts and phrasings that no training document uses.
 */
import type { EntityType } from '@mosaic/records';
import {
  ADVICE_EN,
  ADVICE_ZH,
  CHINESE_GIVEN,
  CHINESE_SURNAMES,
  DEPARTMENTS_EN,
  DEPARTMENTS_ZH,
  DIAGNOSES,
  DRUGS,
  ENGLISH_FIRST,
  ENGLISH_LAST,
  SYMPTOMS_EN,
  SYMPTOMS_ZH,
  type DiagnosisEntry,
  type DrugEntry,
  type Pool,
} from './synthetic-vocabulary';

export type SyntheticSplit = 'train' | 'test';
export type DocumentKind = 'discharge' | 'outpatient' | 'prescription' | 'report';

export interface GoldSpan {
  type: EntityType;
  start: number;
  end: number;
}

export interface GoldDiagnosis {
  start: number;
  end: number;
  negated: boolean;
  subject: 'patient' | 'family';
  certainty: 'confirmed' | 'suspected';
}

export interface GoldMedication {
  start: number;
  end: number;
  dose: string;
  frequency: string;
  route: string;
}

export interface SyntheticDocument {
  id: string;
  language: 'zh' | 'en';
  kind: DocumentKind;
  layout: string;
  text: string;
  spans: GoldSpan[];
  patient: { name: string | null; age: { value: number; unit: 'year' | 'month' | 'day' } | null; sex: 'male' | 'female' | null };
  diagnoses: GoldDiagnosis[];
  medications: GoldMedication[];
}

/** mulberry32: small, fast and the same on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Dice {
  constructor(private readonly random: () => number) {}
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.random() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < n && copy.length > 0) out.push(copy.splice(Math.floor(this.random() * copy.length), 1)[0] as T);
    return out;
  }
}

/** Appends text and records where each annotated piece lands. */
class DocumentBuilder {
  text = '';
  readonly spans: GoldSpan[] = [];
  readonly diagnoses: GoldDiagnosis[] = [];
  readonly medications: GoldMedication[] = [];

  add(piece: string): this {
    this.text += piece;
    return this;
  }
  entity(type: EntityType, piece: string): { start: number; end: number } {
    const start = this.text.length;
    this.text += piece;
    this.spans.push({ type, start, end: this.text.length });
    return { start, end: this.text.length };
  }
  diagnosis(piece: string, flags: Omit<GoldDiagnosis, 'start' | 'end'>): void {
    this.diagnoses.push({ ...this.entity('DIAGNOSIS', piece), ...flags });
  }
  /** Runs each writer in turn, with `joiner` between them. */
  join(writers: ReadonlyArray<() => void>, joiner: string): void {
    writers.forEach((write, i) => {
      if (i > 0) this.add(joiner);
      write();
    });
  }
}

type Flags = Omit<GoldDiagnosis, 'start' | 'end'>;
const CONFIRMED: Flags = { negated: false, subject: 'patient', certainty: 'confirmed' };
const NEGATED: Flags = { negated: true, subject: 'patient', certainty: 'confirmed' };
const FAMILY: Flags = { negated: false, subject: 'family', certainty: 'confirmed' };
const SUSPECTED: Flags = { negated: false, subject: 'patient', certainty: 'suspected' };

interface Person {
  name: string;
  sex: 'male' | 'female';
  age: { value: number; unit: 'year' | 'month' | 'day' };
}

interface Case {
  dice: Dice;
  split: SyntheticSplit;
  patient: Person;
  doctors: string[];
  relative: { name: string; relation: number };
  diagnoses: DiagnosisEntry[];
  otherDiagnoses: DiagnosisEntry[];
  drugs: DrugEntry[];
  showName: boolean;
  showAge: boolean;
  showSex: boolean;
}

function pool<T>(p: Pool<T>, split: SyntheticSplit): readonly T[] {
  return split === 'train' ? p.train : p.test;
}

function chineseName(dice: Dice, split: SyntheticSplit): string {
  const given = pool(CHINESE_GIVEN, split);
  return dice.pick(pool(CHINESE_SURNAMES, split)) + dice.pick(given) + (dice.chance(0.7) ? dice.pick(given) : '');
}

function englishName(dice: Dice, split: SyntheticSplit): string {
  return `${dice.pick(pool(ENGLISH_FIRST, split))} ${dice.pick(pool(ENGLISH_LAST, split))}`;
}

function makeCase(dice: Dice, split: SyntheticSplit, language: 'zh' | 'en'): Case {
  const name = language === 'zh' ? chineseName(dice, split) : englishName(dice, split);
  const roll = dice.int(0, 19);
  const age: Person['age'] =
    roll === 0 ? { value: dice.int(1, 28), unit: 'day' } : roll === 1 ? { value: dice.int(1, 11), unit: 'month' } : { value: dice.int(2, 92), unit: 'year' };
  const diagnoses = dice.sample(pool(DIAGNOSES, split), 7);
  const person = () => (language === 'zh' ? chineseName(dice, split) : englishName(dice, split));
  return {
    dice,
    split,
    patient: { name, sex: dice.chance(0.5) ? 'male' : 'female', age },
    doctors: [person(), person()],
    relative: { name: person(), relation: dice.int(0, 5) },
    diagnoses: diagnoses.slice(0, dice.int(1, 3)),
    otherDiagnoses: diagnoses.slice(3),
    drugs: dice.sample(pool(DRUGS, split), dice.int(1, 4)),
    showName: dice.chance(0.95),
    showAge: dice.chance(0.95),
    showSex: dice.chance(0.95),
  };
}

// ---------------------------------------------------------------- written forms

const ZH_FREQUENCY: Record<'train' | 'test', Record<string, readonly string[]>> = {
  train: {
    qd: ['每日一次', '每日1次', 'qd', 'QD', '一日一次'],
    bid: ['每日两次', '每日2次', 'bid', 'BID', '一日两次'],
    tid: ['每日三次', '每日3次', 'tid', 'TID', '一日三次'],
    qid: ['每日四次', 'qid'],
    q6h: ['每6小时一次', 'q6h'],
    q8h: ['每8小时一次', 'q8h'],
    q12h: ['每12小时一次', 'q12h'],
    qn: ['每晚睡前', 'qn', '睡前'],
    prn: ['必要时', 'prn'],
    stat: ['立即', 'st'],
  },
  test: {
    qd: ['1次/日', '每天一次', 'qd'],
    bid: ['2次/日', '每天2次', 'bid'],
    tid: ['3次/日', '每天三次', 'tid'],
    qid: ['4次/日', 'qid'],
    q6h: ['每6小时1次', 'q6h'],
    q8h: ['每8小时1次', 'q8h'],
    q12h: ['每12小时1次', 'q12h'],
    qn: ['每晚', 'qn'],
    prn: ['需要时', 'prn'],
    stat: ['st'],
  },
};

const EN_FREQUENCY: Record<'train' | 'test', Record<string, readonly string[]>> = {
  train: {
    qd: ['once daily', 'daily', 'QD', 'qd', 'once a day'],
    bid: ['twice daily', 'BID', 'bid', 'twice a day'],
    tid: ['three times daily', 'TID', 'tid'],
    qid: ['four times daily', 'QID'],
    q6h: ['every 6 hours', 'q6h'],
    q8h: ['every 8 hours', 'q8h'],
    q12h: ['every 12 hours', 'q12h'],
    qn: ['at bedtime', 'nightly', 'qhs'],
    prn: ['as needed', 'PRN'],
    stat: ['stat', 'once now'],
  },
  test: {
    qd: ['q.d.', 'every day', 'once daily'],
    bid: ['b.i.d.', 'two times a day', 'BID'],
    tid: ['t.i.d.', '3 times a day', 'TID'],
    qid: ['q.i.d.', 'QID'],
    q6h: ['q6h', 'every 6 hours'],
    q8h: ['q8h', 'every 8 hours'],
    q12h: ['q12h', 'every 12 hours'],
    qn: ['at night', 'QHS'],
    prn: ['when needed', 'p.r.n.'],
    stat: ['STAT'],
  },
};

const ZH_ROUTE: Record<string, readonly string[]> = {
  po: ['口服', 'po'],
  iv: ['静脉滴注', '静滴', 'iv', 'ivgtt'],
  sc: ['皮下注射', 'ih'],
  im: ['肌注', '肌内注射', 'im'],
  inh: ['吸入', '雾化吸入'],
  sl: ['舌下含服'],
  topical: ['外用'],
};

const EN_ROUTE: Record<string, readonly string[]> = {
  po: ['PO', 'po', 'orally', 'by mouth', 'p.o.'],
  iv: ['IV', 'intravenously', 'i.v.'],
  sc: ['subcutaneously', 'SC', 'subcut'],
  im: ['IM', 'intramuscularly'],
  inh: ['inhaled', 'via inhaler'],
  sl: ['sublingually', 'SL'],
  topical: ['topically'],
};

const ZH_UNIT: Record<string, readonly string[]> = {
  mg: ['mg', 'mg', '毫克'],
  g: ['g', 'g', '克'],
  mcg: ['μg', 'ug', '微克'],
  U: ['U', '单位', 'u'],
  IU: ['IU', '国际单位'],
  mmol: ['mmol'],
  tab: ['片'],
  puff: ['喷', '吸'],
};

const EN_UNIT: Record<string, readonly string[]> = {
  mg: ['mg'],
  g: ['g', 'gm'],
  mcg: ['mcg', 'mcg', 'μg'],
  U: ['units', 'U'],
  IU: ['IU', 'units'],
  mmol: ['mmol'],
  tab: ['tablet', 'tab'],
  puff: ['puffs', 'puff', 'inhalations'],
};

interface Prescription {
  drug: DrugEntry;
  amount: string;
  unit: string;
  frequency: string;
  route: string;
}

function prescribe(dice: Dice, drug: DrugEntry): Prescription {
  const [amount, unit] = dice.pick(drug.doses);
  return { drug, amount, unit, frequency: dice.pick(drug.frequencies), route: dice.pick(drug.routes) };
}

function canonicalDose(p: Prescription): string {
  const unit = p.unit === 'IU' || p.unit === 'U' ? (p.unit === 'IU' ? 'IU' : 'U') : p.unit;
  return `${p.amount} ${unit}`;
}

/** Writes one medication; `order` picks where route and frequency go, as clinicians vary it. */
function writeMedication(b: DocumentBuilder, c: Case, language: 'zh' | 'en', p: Prescription, order: number): void {
  const { dice } = c;
  const zh = language === 'zh';
  const unitWords = zh ? ZH_UNIT : EN_UNIT;
  let unit = dice.pick(unitWords[p.unit] ?? [p.unit]);
  if (!zh && p.unit === 'tab' && p.amount !== '1') unit = dice.pick(['tablets', 'tabs']);
  const space = zh ? (dice.chance(0.5) ? '' : ' ') : dice.chance(0.85) ? ' ' : '';
  const frequencyWord = dice.pick((zh ? ZH_FREQUENCY : EN_FREQUENCY)[c.split][p.frequency] ?? [p.frequency]);
  const routeWord = dice.pick((zh ? ZH_ROUTE : EN_ROUTE)[p.route] ?? [p.route]);
  const sep = zh ? dice.pick([' ', ' ', '，', ', ']) : dice.pick([' ', ' ', ', ']);
  let span: { start: number; end: number };
  const dose = () => b.entity('DOSE', `${p.amount}${space}${unit}`);
  const frequency = () => b.entity('FREQUENCY', frequencyWord);
  const route = () => b.entity('ROUTE', routeWord);
  const name = () => (span = b.entity('DRUG', zh ? p.drug.zh : p.drug.en));
  if (order === 0) {
    name();
    b.add(' ');
    dose();
    b.add(sep);
    route();
    b.add(sep);
    frequency();
  } else if (order === 1) {
    name();
    b.add(' ');
    dose();
    b.add(sep);
    frequency();
    b.add(sep);
    route();
  } else {
    // Route first, as in "口服二甲双胍" / "Take ... by mouth" sentences.
    if (zh) {
      route();
      name();
      b.add(dice.pick([' ', '，每次']));
      dose();
      b.add(dice.pick(['，', ' ']));
      frequency();
    } else {
      b.add('Take ');
      name();
      b.add(' ');
      dose();
      b.add(' ');
      route();
      b.add(' ');
      frequency();
    }
  }
  // `span` is always assigned by name() in every branch above.
  const drugSpan = span!;
  b.medications.push({ ...drugSpan, dose: canonicalDose(p), frequency: p.frequency, route: p.route });
}

// ---------------------------------------------------------------- Chinese

const ZH_RELATIONS = ['儿子', '女儿', '妻子', '丈夫', '母亲', '父亲'];
const ZH_FAMILY = ['母亲', '父亲', '其母', '其父', '哥哥', '姐姐'];

function zhAge(age: Person['age'], dice: Dice): string {
  if (age.unit === 'year') return `${age.value}${dice.chance(0.9) ? '岁' : '周岁'}`;
  if (age.unit === 'month') return `${age.value}个月`;
  return `${age.value}${dice.chance(0.7) ? '天' : '日'}`;
}

function zhHeader(b: DocumentBuilder, c: Case, title: string, layout: number, department: string): void {
  const { dice, patient } = c;
  b.add(`${dice.pick(['', 'XX市第一人民医院\n', '某某大学附属医院\n'])}${title}\n`);
  const sex = patient.sex === 'male' ? '男' : '女';
  const fields: Array<() => void> = [];
  if (layout === 0) {
    if (c.showName) fields.push(() => { b.add('姓名：'); b.entity('NAME', patient.name); });
    if (c.showSex) fields.push(() => { b.add('性别：'); b.entity('SEX', sex); });
    if (c.showAge) fields.push(() => { b.add('年龄：'); b.entity('AGE', zhAge(patient.age, dice)); });
    fields.push(() => b.add(`科室：${department}`));
    fields.push(() => b.add(`住院号：${dice.int(100000, 999999)}`));
    const joiner = dice.pick(['\n', '  ', '    ']);
    b.join(fields, joiner);
    b.add('\n');
  } else if (layout === 1) {
    b.add('患者');
    if (c.showName) b.entity('NAME', patient.name);
    if (c.showSex) { b.add('，'); b.entity('SEX', sex); }
    if (c.showAge) { b.add('，'); b.entity('AGE', zhAge(patient.age, dice)); }
    b.add(`，${department}就诊。\n`);
  } else if (layout === 3) {
    // Training only: bracketed field labels on one line.
    const [open, close] = dice.pick([['【', '】'], ['[', ']'], ['〔', '〕']] as const);
    const joiner = dice.pick(['', '  ', '，', '；']);
    const parts: Array<() => void> = [];
    if (c.showName) parts.push(() => { b.add(`${open}${dice.pick(['姓名', '患者'])}${close}`); b.entity('NAME', patient.name); });
    if (c.showSex) parts.push(() => { b.add(`${open}性别${close}`); b.entity('SEX', sex); });
    if (c.showAge) parts.push(() => { b.add(`${open}年龄${close}`); b.entity('AGE', zhAge(patient.age, dice)); });
    parts.push(() => b.add(`${open}${dice.pick(['床号', '病案号', '住院号'])}${close}${dice.int(1, 60)}`));
    b.join(parts, joiner);
    b.add('\n');
  } else if (layout === 4) {
    // Training only: the labels gathered before one colon, the values after it.
    const labels: string[] = [];
    const values: Array<() => void> = [];
    if (c.showName) { labels.push('姓名'); values.push(() => b.entity('NAME', patient.name)); }
    if (c.showSex) { labels.push('性别'); values.push(() => b.entity('SEX', sex)); }
    if (c.showAge) { labels.push('年龄'); values.push(() => b.entity('AGE', zhAge(patient.age, dice))); }
    const slash = dice.pick(['/', '、', '，']);
    if (labels.length > 0) {
      b.add(dice.chance(0.5) ? `患者信息（${labels.join(slash)}）：` : `${labels.join(slash)}：`);
      b.join(values, slash);
      b.add('\n');
    }
    b.add(`科室：${department}\n`);
  } else if (layout === 5) {
    // Training only: the note opens with the patient, no label at all.
    if (c.showName) b.entity('NAME', patient.name);
    else b.add('患者');
    const [open, close] = dice.pick([['，', ''], ['（', '）'], ['(', ')']] as const);
    const inner: Array<() => void> = [];
    if (c.showSex) inner.push(() => b.entity('SEX', sex));
    if (c.showAge) inner.push(() => b.entity('AGE', zhAge(patient.age, dice)));
    if (inner.length > 0) {
      b.add(open);
      b.join(inner, '，');
      b.add(close);
    }
    b.add(`，${dice.pick(['因病', '今日', '于我院'])}${department}就诊。\n`);
  } else {
    // Held out: a table-like line with no colons.
    if (c.showName) { b.add('姓名 '); b.entity('NAME', patient.name); b.add('   '); }
    if (c.showSex) { b.add('性别 '); b.entity('SEX', sex); b.add('   '); }
    if (c.showAge) { b.add('年龄 '); b.entity('AGE', zhAge(patient.age, dice)); b.add('   '); }
    b.add(`门诊号 ${dice.int(1000000, 9999999)}\n`);
  }
}

function zhSignature(b: DocumentBuilder, c: Case, roles: readonly string[]): void {
  roles.forEach((role, i) => {
    b.add(`${i > 0 ? '  ' : ''}${role}：`);
    b.entity('NAME', c.doctors[i % c.doctors.length] ?? '');
  });
  b.add(`\n日期：2024-${String(c.dice.int(1, 12)).padStart(2, '0')}-${String(c.dice.int(1, 28)).padStart(2, '0')}\n`);
}

function zhHistory(b: DocumentBuilder, c: Case): void {
  const { dice } = c;
  const [negA, negB, fam, sus] = c.otherDiagnoses;
  b.add('既往史：');
  if (c.diagnoses.length > 1 && dice.chance(0.6)) {
    b.add('有');
    b.diagnosis(c.diagnoses[1]?.zh ?? '', CONFIRMED);
    b.add(`病史${dice.int(2, 15)}年。`);
  }
  if (negA) {
    b.add(dice.pick(c.split === 'train' ? ['否认', '否认有'] : ['否认', '否认曾患']));
    b.diagnosis(negA.zh, NEGATED);
    if (negB && dice.chance(0.6)) {
      b.add('、');
      b.diagnosis(negB.zh, NEGATED);
    }
    b.add('病史。');
  }
  b.add(dice.pick(['否认手术外伤史。', '否认输血史。', '']));
  b.add('\n');
  if (fam && dice.chance(0.8)) {
    b.add('家族史：');
    const relation = dice.pick(ZH_FAMILY);
    if (c.split === 'train') {
      b.add(`${relation}${dice.pick(['患有', '有', '患'])}`);
      b.diagnosis(fam.zh, FAMILY);
      b.add(dice.pick(['病史', '', '多年']));
    } else {
      b.add(`${relation}`);
      if (dice.chance(0.5)) { b.add('，'); b.entity('AGE', `${dice.int(55, 85)}岁`); b.add('，'); }
      b.add('确诊');
      b.diagnosis(fam.zh, FAMILY);
    }
    b.add(dice.pick(['，余无特殊。', '。', '，否认其他遗传病史。']));
    b.add('\n');
  } else {
    b.add('家族史：父母体健，否认家族遗传病史。\n');
  }
  if (sus) c.otherDiagnoses = [sus];
}

function zhSuspected(b: DocumentBuilder, c: Case, entry: DiagnosisEntry): void {
  const forms = c.split === 'train' ? [0, 1, 2, 3] : [4, 5, 6];
  switch (c.dice.pick(forms)) {
    case 0:
      b.add('考虑');
      b.diagnosis(entry.zh, SUSPECTED);
      break;
    case 1:
      b.diagnosis(entry.zh, SUSPECTED);
      b.add('可能');
      break;
    case 2:
      b.add('疑似');
      b.diagnosis(entry.zh, SUSPECTED);
      break;
    case 3:
      b.diagnosis(entry.zh, SUSPECTED);
      b.add('待排');
      break;
    case 4:
      b.add('不除外');
      b.diagnosis(entry.zh, SUSPECTED);
      break;
    case 5:
      b.diagnosis(entry.zh, SUSPECTED);
      b.add('可能性大');
      break;
    default:
      b.add('怀疑');
      b.diagnosis(entry.zh, SUSPECTED);
  }
}

function zhDiagnosisList(b: DocumentBuilder, c: Case, heading: string): void {
  b.add(`${heading}：`);
  const numbered = c.dice.chance(0.6);
  c.diagnoses.forEach((entry, i) => {
    if (numbered) b.add(`${i === 0 ? '' : ' '}${i + 1}.`);
    else if (i > 0) b.add('；');
    b.diagnosis(entry.zh, CONFIRMED);
  });
  const suspected = c.otherDiagnoses[0];
  if (suspected && c.dice.chance(0.5)) {
    b.add(numbered ? ` ${c.diagnoses.length + 1}.` : '；');
    zhSuspected(b, c, suspected);
  }
  b.add('\n');
}

function zhMedications(b: DocumentBuilder, c: Case, heading: string): void {
  b.add(`${heading}：\n`);
  c.drugs.forEach((drug, i) => {
    b.add(c.dice.pick([`${i + 1}. `, `${i + 1}、`, '']));
    writeMedication(b, c, 'zh', prescribe(c.dice, drug), c.dice.int(0, c.split === 'train' ? 1 : 2));
    b.add(c.dice.pick(['\n', '。\n', '；\n']));
  });
}

function zhAdvice(b: DocumentBuilder, c: Case, heading: string): void {
  b.add(`${heading}：`);
  b.add(c.dice.sample(ADVICE_ZH, c.dice.int(1, 2)).join('。'));
  b.add('。\n');
}

function zhDischarge(b: DocumentBuilder, c: Case, layout: number): void {
  const { dice } = c;
  zhHeader(b, c, '出院小结', layout, dice.pick(DEPARTMENTS_ZH));
  b.add('入院诊断：');
  b.diagnosis(c.diagnoses[0]?.zh ?? '', CONFIRMED);
  b.add('\n主诉：');
  b.add(`${dice.pick(SYMPTOMS_ZH)}${dice.int(2, 10)}${dice.pick(['天', '月', '年'])}。\n`);
  b.add('现病史：患者');
  b.add(`${dice.int(2, 10)}天前无明显诱因出现${dice.pick(SYMPTOMS_ZH)}，伴${dice.pick(SYMPTOMS_ZH)}，无${dice.pick(SYMPTOMS_ZH)}。`);
  b.add(`${dice.pick(['门诊以', '遂来我院，门诊拟'])}“`);
  b.diagnosis(c.diagnoses[0]?.zh ?? '', CONFIRMED);
  b.add('”收入院。\n');
  zhHistory(b, c);
  if (dice.chance(0.5)) {
    b.add(`联系人：`);
    b.entity('NAME', c.relative.name);
    b.add(`（${ZH_RELATIONS[c.relative.relation]}）\n`);
  }
  b.add('诊疗经过：入院后予');
  const first = c.drugs[0];
  if (first) {
    const p = prescribe(dice, first);
    writeMedication(b, c, 'zh', { ...p }, 2);
    b.add('等治疗，症状好转。\n');
  } else {
    b.add('对症支持治疗，症状好转。\n');
  }
  zhDiagnosisList(b, c, '出院诊断');
  zhMedications(b, c, dice.pick(['出院带药', '出院医嘱']));
  zhAdvice(b, c, dice.pick(['注意事项', '建议']));
  zhSignature(b, c, ['主治医师', '住院医师']);
}

function zhOutpatient(b: DocumentBuilder, c: Case, layout: number): void {
  const { dice } = c;
  zhHeader(b, c, '门诊病历', layout, dice.pick(DEPARTMENTS_ZH));
  b.add(`主诉：${dice.pick(SYMPTOMS_ZH)}${dice.int(1, 14)}天。\n`);
  b.add(`现病史：${dice.int(1, 14)}天前出现${dice.pick(SYMPTOMS_ZH)}，`);
  b.add('无');
  b.add(dice.pick(SYMPTOMS_ZH));
  b.add('。既往');
  b.diagnosis(c.diagnoses[0]?.zh ?? '', CONFIRMED);
  b.add(`病史${dice.int(1, 20)}年。\n`);
  zhHistory(b, c);
  b.add(`查体：血压${dice.int(100, 170)}/${dice.int(60, 100)}mmHg，心肺听诊未见明显异常。\n`);
  zhDiagnosisList(b, c, dice.pick(['诊断', '初步诊断']));
  zhMedications(b, c, dice.pick(['处理', '用药']));
  zhAdvice(b, c, '建议');
  zhSignature(b, c, ['医师']);
}

function zhPrescription(b: DocumentBuilder, c: Case, layout: number): void {
  const { dice } = c;
  zhHeader(b, c, '处方笺', layout, dice.pick(DEPARTMENTS_ZH));
  b.add('临床诊断：');
  c.diagnoses.forEach((entry, i) => {
    if (i > 0) b.add('，');
    b.diagnosis(entry.zh, CONFIRMED);
  });
  b.add('\nRp：\n');
  c.drugs.forEach((drug) => {
    writeMedication(b, c, 'zh', prescribe(dice, drug), dice.int(0, c.split === 'train' ? 1 : 2));
    b.add('\n');
  });
  if (dice.chance(0.5)) {
    b.add('代办人：');
    b.entity('NAME', c.relative.name);
    b.add('\n');
  }
  zhSignature(b, c, ['医师', '药师']);
}

function zhReport(b: DocumentBuilder, c: Case, layout: number): void {
  const { dice } = c;
  zhHeader(b, c, dice.pick(['CT检查报告单', '超声检查报告', 'MRI检查报告']), layout, dice.pick(DEPARTMENTS_ZH));
  b.add(`临床诊断：`);
  b.diagnosis(c.diagnoses[0]?.zh ?? '', CONFIRMED);
  b.add('\n检查所见：');
  b.add(dice.pick(['双肺纹理增多，未见明显实变影。', '肝脏形态大小正常，实质回声均匀。', '脑实质内未见明显异常密度影。']));
  b.add('\n诊断意见：');
  const [sus, neg] = c.otherDiagnoses;
  if (sus) zhSuspected(b, c, sus);
  if (neg) {
    b.add(dice.pick(['，未见', '；排除']));
    b.diagnosis(neg.zh, NEGATED);
  }
  b.add('。\n');
  zhAdvice(b, c, '建议');
  zhSignature(b, c, ['报告医师', '审核医师']);
}

// ---------------------------------------------------------------- English

const EN_RELATIONS = ['son', 'daughter', 'wife', 'husband', 'mother', 'father'];
const EN_FAMILY = ['Mother', 'Father', 'Brother', 'Sister', 'Maternal grandmother'];

function enAge(b: DocumentBuilder, age: Person['age'], dice: Dice, attributive: boolean): void {
  const unit = age.unit;
  if (attributive) {
    b.entity('AGE', `${age.value}-${unit}-old`);
    return;
  }
  const plural = age.value === 1 ? unit : `${unit}s`;
  b.entity('AGE', dice.chance(0.5) ? `${age.value} ${plural} old` : `${age.value} ${plural}`);
}

function enHeader(b: DocumentBuilder, c: Case, title: string, layout: number, department: string): void {
  const { dice, patient } = c;
  b.add(`${dice.pick(['', 'St. Mary General Hospital\n', 'City Medical Center\n'])}${title}\n`);
  const sexWord = patient.sex === 'male' ? dice.pick(['Male', 'M', 'male']) : dice.pick(['Female', 'F', 'female']);
  if (layout === 0) {
    if (c.showName) { b.add(dice.pick(['Patient: ', 'Name: ', 'Patient name: '])); b.entity('NAME', patient.name); b.add('\n'); }
    if (c.showAge) { b.add('Age: '); enAge(b, patient.age, dice, false); b.add(dice.chance(0.5) ? '\n' : '   '); }
    if (c.showSex) { b.add(dice.pick(['Sex: ', 'Gender: '])); b.entity('SEX', sexWord); b.add('\n'); }
    b.add(`Department: ${department}\nMRN: ${dice.int(1000000, 9999999)}\n`);
  } else if (layout === 1) {
    if (c.showName) { b.add(`${patient.sex === 'male' ? 'Mr.' : 'Ms.'} `); b.entity('NAME', patient.name); b.add(' is a '); }
    else b.add('The patient is a ');
    if (c.showAge) { enAge(b, patient.age, dice, true); b.add(' '); }
    const noun = patient.age.unit === 'year' && patient.age.value >= 18 ? (patient.sex === 'male' ? 'man' : 'woman') : patient.sex === 'male' ? 'boy' : 'girl';
    if (c.showSex) b.entity('SEX', dice.chance(0.7) ? noun : patient.sex);
    else b.add('patient');
    b.add(` seen in ${department}.\n`);
  } else if (layout === 3) {
    // Training only: bracketed or equals-sign fields on one line.
    const [open, close] = dice.pick([['[', '] '], ['', ' = '], ['<', '> ']] as const);
    const joiner = dice.pick(['  ', '; ', ', ', '\n']);
    const parts: Array<() => void> = [];
    if (c.showName) parts.push(() => { b.add(`${open}${dice.pick(['Name', 'Patient', 'Patient Name'])}${close}`); b.entity('NAME', patient.name); });
    if (c.showAge) parts.push(() => { b.add(`${open}Age${close}`); enAge(b, patient.age, dice, false); });
    if (c.showSex) parts.push(() => { b.add(`${open}${dice.pick(['Sex', 'Gender'])}${close}`); b.entity('SEX', sexWord); });
    parts.push(() => b.add(`${open}${dice.pick(['Bed', 'Room', 'Ward'])}${close}${dice.int(1, 60)}`));
    b.join(parts, joiner);
    b.add('\n');
  } else if (layout === 4) {
    // Training only: the labels gathered before one colon, the values after it.
    const labels: string[] = [];
    const values: Array<() => void> = [];
    if (c.showName) { labels.push('Name'); values.push(() => b.entity('NAME', patient.name)); }
    if (c.showAge) { labels.push('Age'); values.push(() => enAge(b, patient.age, dice, false)); }
    if (c.showSex) { labels.push('Sex'); values.push(() => b.entity('SEX', sexWord)); }
    const slash = dice.pick([' / ', '/', ', ']);
    if (labels.length > 0) {
      b.add(`${labels.join('/')}: `);
      b.join(values, slash);
      b.add('\n');
    }
    b.add(`Department: ${department}\n`);
  } else if (layout === 5) {
    // Training only: the note opens with the patient, no label at all.
    if (c.showName) b.entity('NAME', patient.name);
    else b.add('The patient');
    if (c.showAge || c.showSex) {
      const noun = patient.age.unit === 'year' && patient.age.value >= 18 ? (patient.sex === 'male' ? 'man' : 'woman') : patient.sex === 'male' ? 'boy' : 'girl';
      b.add(', a ');
      if (c.showAge) { enAge(b, patient.age, dice, true); b.add(' '); }
      if (c.showSex) b.entity('SEX', noun);
      else b.add('patient');
      b.add(',');
    }
    b.add(` ${dice.pick(['was seen in', 'presented to', 'attended'])} ${department}.\n`);
  } else {
    // Held out: one line, separated by vertical bars.
    if (c.showName) { b.add('PATIENT | '); b.entity('NAME', patient.name); b.add(' | '); }
    if (c.showAge) { b.add('AGE '); enAge(b, patient.age, dice, false); b.add(' | '); }
    if (c.showSex) { b.add('SEX '); b.entity('SEX', sexWord); b.add(' | '); }
    b.add(`ID ${dice.int(100000, 999999)}\n`);
  }
}

function enSignature(b: DocumentBuilder, c: Case, roles: readonly string[]): void {
  roles.forEach((role, i) => {
    b.add(`${i > 0 ? '\n' : ''}${role}: ${c.dice.chance(0.5) ? 'Dr. ' : ''}`);
    b.entity('NAME', c.doctors[i % c.doctors.length] ?? '');
    if (c.dice.chance(0.4)) b.add(', MD');
  });
  b.add(`\nDate: ${c.dice.int(1, 12)}/${c.dice.int(1, 28)}/2024\n`);
}

function enSuspected(b: DocumentBuilder, c: Case, entry: DiagnosisEntry): void {
  const forms = c.split === 'train' ? [0, 1, 2, 3, 4] : [5, 6, 7];
  switch (c.dice.pick(forms)) {
    case 0:
      b.add('possible ');
      b.diagnosis(entry.en, SUSPECTED);
      break;
    case 1:
      b.add('suspected ');
      b.diagnosis(entry.en, SUSPECTED);
      break;
    case 2:
      b.add('rule out ');
      b.diagnosis(entry.en, SUSPECTED);
      break;
    case 3:
      b.diagnosis(entry.en, SUSPECTED);
      b.add(' is suspected');
      break;
    case 4:
      b.add('likely ');
      b.diagnosis(entry.en, SUSPECTED);
      break;
    case 5:
      b.add('concern for ');
      b.diagnosis(entry.en, SUSPECTED);
      break;
    case 6:
      b.diagnosis(entry.en, SUSPECTED);
      b.add(' cannot be excluded');
      break;
    default:
      b.add('probable ');
      b.diagnosis(entry.en, SUSPECTED);
  }
}

function enHistory(b: DocumentBuilder, c: Case): void {
  const { dice } = c;
  const [negA, negB, fam] = c.otherDiagnoses;
  b.add(dice.pick(['Past Medical History: ', 'PMH: ']));
  if (c.diagnoses.length > 1) {
    b.diagnosis(c.diagnoses[1]?.en ?? '', CONFIRMED);
    b.add(` for ${dice.int(2, 15)} years. `);
  }
  if (negA) {
    b.add(dice.pick(c.split === 'train' ? ['Denies ', 'No history of ', 'No known '] : ['Negative for ', 'Never had ']));
    b.diagnosis(negA.en, NEGATED);
    if (negB && dice.chance(0.5)) {
      b.add(' or ');
      b.diagnosis(negB.en, NEGATED);
    }
    b.add('.');
  }
  b.add('\n');
  if (fam && dice.chance(0.8)) {
    b.add('Family History: ');
    const relation = dice.pick(EN_FAMILY);
    if (c.split === 'train') {
      b.add(`${relation} ${dice.pick(['has', 'had', 'with'])} `);
      b.diagnosis(fam.en, FAMILY);
    } else {
      b.add(`${relation}, `);
      b.entity('AGE', `${dice.int(55, 85)}`);
      b.add(', diagnosed with ');
      b.diagnosis(fam.en, FAMILY);
    }
    b.add('.\n');
  } else {
    b.add('Family History: Noncontributory.\n');
  }
}

function enDiagnosisList(b: DocumentBuilder, c: Case, heading: string): void {
  b.add(`${heading}:\n`);
  c.diagnoses.forEach((entry, i) => {
    b.add(`${i + 1}. `);
    b.diagnosis(entry.en, CONFIRMED);
    b.add('\n');
  });
  const suspected = c.otherDiagnoses[3];
  if (suspected && c.dice.chance(0.5)) {
    b.add(`${c.diagnoses.length + 1}. `);
    enSuspected(b, c, suspected);
    b.add('\n');
  }
}

function enMedications(b: DocumentBuilder, c: Case, heading: string): void {
  b.add(`${heading}:\n`);
  c.drugs.forEach((drug, i) => {
    b.add(c.dice.pick([`${i + 1}. `, '- ', '']));
    writeMedication(b, c, 'en', prescribe(c.dice, drug), c.dice.int(0, c.split === 'train' ? 1 : 2));
    b.add(c.dice.pick(['\n', '.\n']));
  });
}

function enAdvice(b: DocumentBuilder, c: Case, heading: string): void {
  b.add(`${heading}: `);
  b.add(c.dice.sample(ADVICE_EN, c.dice.int(1, 2)).join('. '));
  b.add('.\n');
}

function enDischarge(b: DocumentBuilder, c: Case, layout: number): void {
  const { dice } = c;
  enHeader(b, c, 'DISCHARGE SUMMARY', layout, dice.pick(DEPARTMENTS_EN));
  b.add('Admission Diagnosis: ');
  b.diagnosis(c.diagnoses[0]?.en ?? '', CONFIRMED);
  b.add(`\nChief Complaint: ${dice.pick(SYMPTOMS_EN)} for ${dice.int(2, 10)} days.\n`);
  b.add(`History of Present Illness: The patient presented with ${dice.pick(SYMPTOMS_EN)} and ${dice.pick(SYMPTOMS_EN)}. `);
  b.add(`No ${dice.pick(SYMPTOMS_EN)}. Admitted for `);
  b.diagnosis(c.diagnoses[0]?.en ?? '', CONFIRMED);
  b.add('.\n');
  enHistory(b, c);
  if (dice.chance(0.5)) {
    b.add('Emergency contact: ');
    b.entity('NAME', c.relative.name);
    b.add(` (${EN_RELATIONS[c.relative.relation]})\n`);
  }
  const first = c.drugs[0];
  b.add('Hospital Course: ');
  if (first) {
    b.add('Treated with ');
    writeMedication(b, c, 'en', prescribe(dice, first), 0);
    b.add(' with improvement.\n');
  } else {
    b.add('Supportive care with improvement.\n');
  }
  enDiagnosisList(b, c, 'Discharge Diagnoses');
  enMedications(b, c, 'Discharge Medications');
  enAdvice(b, c, dice.pick(['Instructions', 'Advice']));
  enSignature(b, c, ['Attending', 'Resident']);
}

function enOutpatient(b: DocumentBuilder, c: Case, layout: number): void {
  const { dice } = c;
  enHeader(b, c, 'OUTPATIENT NOTE', layout, dice.pick(DEPARTMENTS_EN));
  b.add(`Chief Complaint: ${dice.pick(SYMPTOMS_EN)} for ${dice.int(1, 14)} days.\n`);
  b.add(`HPI: Reports ${dice.pick(SYMPTOMS_EN)}. Denies ${dice.pick(SYMPTOMS_EN)}. Known `);
  b.diagnosis(c.diagnoses[0]?.en ?? '', CONFIRMED);
  b.add('.\n');
  enHistory(b, c);
  b.add(`Exam: BP ${dice.int(100, 170)}/${dice.int(60, 100)} mmHg, lungs clear.\n`);
  enDiagnosisList(b, c, dice.pick(['Assessment', 'Diagnosis']));
  enMedications(b, c, dice.pick(['Plan', 'Medications']));
  enAdvice(b, c, 'Follow-up');
  enSignature(b, c, ['Physician']);
}

function enPrescription(b: DocumentBuilder, c: Case, layout: number): void {
  const { dice } = c;
  enHeader(b, c, 'PRESCRIPTION', layout, dice.pick(DEPARTMENTS_EN));
  b.add('Diagnosis: ');
  c.diagnoses.forEach((entry, i) => {
    if (i > 0) b.add(', ');
    b.diagnosis(entry.en, CONFIRMED);
  });
  b.add('\nRx:\n');
  c.drugs.forEach((drug) => {
    writeMedication(b, c, 'en', prescribe(dice, drug), dice.int(0, c.split === 'train' ? 1 : 2));
    b.add('\n');
  });
  if (dice.chance(0.5)) {
    b.add('Picked up by: ');
    b.entity('NAME', c.relative.name);
    b.add(` (${EN_RELATIONS[c.relative.relation]})\n`);
  }
  enSignature(b, c, ['Prescriber', 'Pharmacist']);
}

function enReport(b: DocumentBuilder, c: Case, layout: number): void {
  const { dice } = c;
  enHeader(b, c, dice.pick(['CT REPORT', 'ULTRASOUND REPORT', 'MRI REPORT']), layout, dice.pick(DEPARTMENTS_EN));
  b.add('Clinical History: ');
  b.diagnosis(c.diagnoses[0]?.en ?? '', CONFIRMED);
  b.add(`.\nFindings: ${dice.pick(['No focal consolidation.', 'The liver is normal in size.', 'No acute intracranial abnormality.'])}\n`);
  b.add('Impression: ');
  const [neg, , , sus] = c.otherDiagnoses;
  if (sus) {
    enSuspected(b, c, sus);
    b.add('. ');
  }
  if (neg) {
    b.add(dice.pick(['No evidence of ', 'Negative for ']));
    b.diagnosis(neg.en, NEGATED);
    b.add('.');
  }
  b.add('\n');
  enAdvice(b, c, 'Recommendations');
  enSignature(b, c, ['Reported by', 'Reviewed by']);
}

// ---------------------------------------------------------------- entry

const KINDS: readonly DocumentKind[] = ['discharge', 'outpatient', 'prescription', 'report'];
const WRITERS: Record<'zh' | 'en', Record<DocumentKind, (b: DocumentBuilder, c: Case, layout: number) => void>> = {
  zh: { discharge: zhDischarge, outpatient: zhOutpatient, prescription: zhPrescription, report: zhReport },
  en: { discharge: enDischarge, outpatient: enOutpatient, prescription: enPrescription, report: enReport },
};

/**
 * Training draws from layouts 0, 1 and 3-5 (3-5 only ever in training, so the model meets headers in
 * more than two shapes); the test split keeps its held-out layout 2 for half of its documents and
 * layouts 0 and 1 for the rest, as before.
 */
const TRAIN_LAYOUTS = [0, 1, 0, 1, 3, 4, 5] as const;

function layoutFor(dice: Dice, split: SyntheticSplit): number {
  return split === 'train' ? dice.pick(TRAIN_LAYOUTS) : dice.chance(0.5) ? 2 : dice.int(0, 1);
}

export function generateDocument(seed: number, split: SyntheticSplit, language: 'zh' | 'en'): SyntheticDocument {
  const dice = new Dice(seededRandom(seed));
  const c = makeCase(dice, split, language);
  const kind = dice.pick(KINDS);
  const layout = layoutFor(dice, split);
  const b = new DocumentBuilder();
  WRITERS[language][kind](b, c, layout);
  return {
    id: `synthetic-${split}-${language}-${seed}`,
    language,
    kind,
    layout: `${kind}-${layout}`,
    text: b.text,
    spans: b.spans,
    patient: {
      name: c.showName ? c.patient.name : null,
      age: c.showAge ? c.patient.age : null,
      sex: c.showSex ? c.patient.sex : null,
    },
    diagnoses: b.diagnoses,
    medications: b.medications,
  };
}

/** Training and test documents come from disjoint seed ranges as well as disjoint pools. */
const SEED_BASE: Record<SyntheticSplit, number> = { train: 1_000_000, test: 9_000_000 };

export function generateDocuments(split: SyntheticSplit, count: number): SyntheticDocument[] {
  return Array.from({ length: count }, (_, i) => generateDocument(SEED_BASE[split] + i, split, i % 2 === 0 ? 'zh' : 'en'));
}
