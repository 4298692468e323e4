import { parseAge, parseSex } from './demographics-parser';
import { findDose, normalizeDose, normalizeFrequency, normalizeRoute } from './medication-normalizer';

describe('normalizeDose', () => {
  it.each([
    ['0.5g', '0.5 g'],
    ['0.5克', '0.5 g'],
    ['500 mg', '500 mg'],
    ['500毫克', '500 mg'],
    ['1片', '1 tab'],
    ['2 tablets', '2 tab'],
    ['10U', '10 U'],
    ['10 units', '10 U'],
    ['4000 IU', '4000 IU'],
    ['100μg', '100 mcg'],
    ['2 puffs', '2 puff'],
    ['1-2片', '1-2 tab'],
    ['半片', '0.5 tab'],
  ])('%s -> %s', (text, dose) => {
    expect(normalizeDose(text)).toBe(dose);
  });

  it('finds no dose in words that only look like one', () => {
    expect(normalizeDose('2 grapes')).toBeNull();
    expect(findDose('每日2次')).toBeNull();
  });
});

describe('normalizeFrequency', () => {
  it.each([
    ['每日两次', 'bid'],
    ['每日2次', 'bid'],
    ['2次/日', 'bid'],
    ['一日三次', 'tid'],
    ['每天一次', 'qd'],
    ['每8小时一次', 'q8h'],
    ['每晚睡前', 'qn'],
    ['必要时', 'prn'],
    ['隔日一次', 'qod'],
    ['BID', 'bid'],
    ['b.i.d.', 'bid'],
    ['twice daily', 'bid'],
    ['t.i.d.', 'tid'],
    ['3 times a day', 'tid'],
    ['q8h', 'q8h'],
    ['every 12 hours', 'q12h'],
    ['once daily', 'qd'],
    ['q.d.', 'qd'],
    ['at bedtime', 'qn'],
    ['QHS', 'qn'],
    ['as needed', 'prn'],
    ['p.r.n.', 'prn'],
    ['STAT', 'stat'],
  ])('%s -> %s', (text, frequency) => {
    expect(normalizeFrequency(text)).toBe(frequency);
  });
});

describe('normalizeRoute', () => {
  it.each([
    ['口服', 'po'],
    ['p.o.', 'po'],
    ['by mouth', 'po'],
    ['静脉滴注', 'iv'],
    ['ivgtt', 'iv'],
    ['intravenously', 'iv'],
    ['皮下注射', 'sc'],
    ['ih', 'sc'],
    ['肌注', 'im'],
    ['雾化吸入', 'inh'],
    ['舌下含服', 'sl'],
    ['外用', 'topical'],
  ])('%s -> %s', (text, route) => {
    expect(normalizeRoute(text)).toBe(route);
  });
});

describe('parseAge and parseSex', () => {
  it.each([
    ['45岁', { value: 45, unit: 'year' }],
    ['45周岁', { value: 45, unit: 'year' }],
    ['8个月', { value: 8, unit: 'month' }],
    ['3天', { value: 3, unit: 'day' }],
    ['45-year-old', { value: 45, unit: 'year' }],
    ['3 days old', { value: 3, unit: 'day' }],
    ['8-month-old', { value: 8, unit: 'month' }],
    ['2 weeks', { value: 14, unit: 'day' }],
    ['Age: 70', { value: 70, unit: 'year' }],
  ])('%s -> %j', (text, age) => {
    expect(parseAge(text)).toEqual(age);
  });

  it.each([
    ['男', 'male'],
    ['女', 'female'],
    ['性别：女', 'female'],
    ['M', 'male'],
    ['Female', 'female'],
    ['woman', 'female'],
    ['boy', 'male'],
    ['未知', null],
  ])('%s -> %s', (text, sex) => {
    expect(parseSex(text)).toBe(sex);
  });
});
