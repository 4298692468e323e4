import { generateDocument, generateDocuments } from './synthetic-records.generator';
import { CHINESE_SURNAMES, DIAGNOSES, DRUGS, ENGLISH_FIRST } from './synthetic-vocabulary';

describe('synthetic medical documents', () => {
  it('are the same for the same seed', () => {
    expect(generateDocument(42, 'train', 'zh')).toEqual(generateDocument(42, 'train', 'zh'));
    expect(generateDocument(42, 'train', 'zh').text).not.toBe(generateDocument(43, 'train', 'zh').text);
  });

  it('keep their held-out pools apart from the training pools', () => {
    const overlap = <T>(a: readonly T[], b: readonly T[]) => a.filter((x) => b.includes(x));
    expect(overlap(CHINESE_SURNAMES.train, CHINESE_SURNAMES.test)).toEqual([]);
    expect(overlap(ENGLISH_FIRST.train, ENGLISH_FIRST.test)).toEqual([]);
    expect(overlap(DRUGS.train.map((d) => d.en), DRUGS.test.map((d) => d.en))).toEqual([]);
    expect(overlap(DIAGNOSES.train.map((d) => d.zh), DIAGNOSES.test.map((d) => d.zh))).toEqual([]);
    const trainDrugs = new Set(DRUGS.train.flatMap((d) => [d.zh, d.en]));
    for (const doc of generateDocuments('test', 40)) {
      for (const m of doc.medications) expect(trainDrugs.has(doc.text.slice(m.start, m.end))).toBe(false);
    }
  });

  it('annotate the patient, the diagnoses and the medications where the text says them', () => {
    for (const doc of generateDocuments('train', 40)) {
      if (doc.patient.name) expect(doc.spans.some((s) => s.type === 'NAME' && doc.text.slice(s.start, s.end) === doc.patient.name)).toBe(true);
      for (const d of doc.diagnoses) expect(doc.spans).toContainEqual({ type: 'DIAGNOSIS', start: d.start, end: d.end });
      for (const m of doc.medications) {
        expect(doc.spans).toContainEqual({ type: 'DRUG', start: m.start, end: m.end });
        expect(m.dose).toMatch(/^\d+(\.\d+)? [A-Za-z]+$/);
      }
    }
  });

  it('use header layouts in the test split that training never sees', () => {
    const trainLayouts = new Set(generateDocuments('train', 200).map((d) => d.layout.split('-')[1]));
    const testLayouts = new Set(generateDocuments('test', 200).map((d) => d.layout.split('-')[1]));
    expect([...testLayouts].filter((l) => !trainLayouts.has(l))).toEqual(['2']);
  });
});
