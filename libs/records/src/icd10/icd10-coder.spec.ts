import { codeDiagnosis, foldDiagnosis } from './icd10-coder';
import { ICD10_DICTIONARY } from './icd10-dictionary';

describe('codeDiagnosis', () => {
  it.each([
    ['冠心病', 'I25.1'],
    ['慢阻肺', 'J44.9'],
    ['T2DM', 'E11.9'],
    ['CHF', 'I50.9'],
    ['AF', 'I48.9'],
    ['高血压病', 'I10'],
    ['高血压病史', 'I10'],
    ['2型糖尿病', 'E11.9'],
    ['Type 2 Diabetes Mellitus', 'E11.9'],
    ['history of atrial fibrillation', 'I48.9'],
    ['COPD', 'J44.9'],
    ['急性心肌梗死', 'I21.9'],
    ['Hypertension.', 'I10'],
  ])('%s -> %s', (text, code) => {
    expect(codeDiagnosis(text)?.value).toBe(code);
  });

  it('codes a longer phrase by the name it contains, with less confidence', () => {
    const coded = codeDiagnosis('2型糖尿病伴周围神经病变');
    expect(coded?.value).toBe('E11.9');
    expect(coded?.confidence).toBeLessThan(1);
  });

  it('matches English names on word boundaries and abbreviations only whole and in capitals', () => {
    expect(codeDiagnosis('flushing')).toBeNull();
    expect(codeDiagnosis('af')).toBeNull();
    expect(codeDiagnosis('未知综合征')).toBeNull();
  });

  it('gives every name and abbreviation one code only', () => {
    const seen = new Map<string, string>();
    for (const entry of ICD10_DICTIONARY) {
      for (const name of [...entry.zh, ...entry.en].map(foldDiagnosis).concat(entry.abbreviations)) {
        expect([name, seen.get(name) ?? entry.code]).toEqual([name, entry.code]);
        seen.set(name, entry.code);
      }
    }
  });
});
