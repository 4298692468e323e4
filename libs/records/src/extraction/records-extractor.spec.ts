import { CharVocabulary } from '../tokenizer/char-vocabulary';
import type { EncodedBatch } from '../tokenizer/char-encoder';
import { TAGS, beginTag, insideTag, type EntityType } from '../tagging/tag-set';
import type { Tagger } from '../tagging/tagger';
import { prepareDocument } from './document-preparer';
import { extract } from './records-extractor';

/**
 * A tagger that marks given phrases wherever they occur, standing in for the model so that these
 * tests exercise everything after the tagger: decoding, spans, patient choice, ConText, coding.
 */
function phraseTagger(text: string, phrases: Array<[EntityType, string]>): { tagger: Tagger; vocabulary: CharVocabulary } {
  const doc = prepareDocument(text);
  const normalized = doc.normalized.text;
  const wanted = new Int32Array(normalized.length);
  for (const [type, phrase] of phrases) {
    for (let at = normalized.indexOf(phrase); at >= 0; at = normalized.indexOf(phrase, at + phrase.length)) {
      wanted[at] = beginTag(type);
      for (let i = at + 1; i < at + phrase.length; i += 1) wanted[i] = insideTag(type);
    }
  }
  const vocabulary = CharVocabulary.build([normalized], 1);
  // The pipeline sends the document's chunks in order, so the n-th row is the n-th chunk.
  let next = 0;
  const tagger: Tagger = async (batch: EncodedBatch) => {
    const t = TAGS.length;
    const emissions = new Float32Array(batch.size * batch.length * t);
    for (let row = 0; row < batch.size; row += 1, next += 1) {
      const chunk = doc.chunks[next];
      if (!chunk) throw new Error('more rows than chunks');
      for (let i = chunk.start; i < chunk.end; i += 1) emissions[(row * batch.length + i - chunk.start) * t + (wanted[i] ?? 0)] = 10;
    }
    return { emissions, tags: t, crf: null };
  };
  return { tagger, vocabulary };
}

async function run(text: string, phrases: Array<[EntityType, string]>) {
  const { tagger, vocabulary } = phraseTagger(text, phrases);
  return (await extract(text, tagger, { vocabulary, modelVersion: 'records-ner-moe@test' })).extraction;
}

describe('extract', () => {
  it('assembles a Chinese discharge note into the contract object', async () => {
    const text = [
      '姓名：张伟  性别：男  年龄：45岁',
      '既往史：否认冠心病史。',
      '家族史：母亲有高血压病史。',
      '出院诊断：2型糖尿病；考虑肺炎',
      '出院带药：二甲双胍片 0.5g 口服 每日两次',
      '出院医嘱：低盐低脂饮食，监测血糖。',
      '主治医师：李明',
    ].join('\n');
    const extraction = await run(text, [
      ['NAME', '张伟'],
      ['NAME', '李明'],
      ['SEX', '男'],
      ['AGE', '45岁'],
      ['DIAGNOSIS', '冠心病'],
      ['DIAGNOSIS', '高血压'],
      ['DIAGNOSIS', '2型糖尿病'],
      ['DIAGNOSIS', '肺炎'],
      ['DRUG', '二甲双胍片'],
      ['DOSE', '0.5g'],
      ['ROUTE', '口服'],
      ['FREQUENCY', '每日两次'],
    ]);
    expect(extraction.language).toBe('zh');
    expect(extraction.patient).toMatchObject({ name: '张伟', age: { value: 45, unit: 'year' }, sex: 'male' });
    const diagnoses = Object.fromEntries(extraction.diagnoses.map((d) => [d.text, [d.negated, d.subject, d.certainty, d.code?.value]]));
    expect(diagnoses).toEqual({
      冠心病: [true, 'patient', 'confirmed', 'I25.1'],
      高血压: [false, 'family', 'confirmed', 'I10'],
      '2型糖尿病': [false, 'patient', 'confirmed', 'E11.9'],
      肺炎: [false, 'patient', 'suspected', 'J18.9'],
    });
    expect(extraction.medications).toEqual([
      expect.objectContaining({ name: '二甲双胍片', dose: '0.5 g', frequency: 'bid', route: 'po' }),
    ]);
    expect(extraction.advice).toEqual(['低盐低脂饮食，监测血糖']);
    for (const d of extraction.diagnoses) expect(text.slice(d.span[0], d.span[1])).toBe(d.text);
  });

  it('reports spans in the stored text even when normalisation changed it', async () => {
    const text = 'Ｐａｔｉｅｎｔ：\u3000Ｍａｒｙ Ｓｍｉｔｈ\r\nDiagnosis:   Type 2  diabetes';
    const { tagger, vocabulary } = phraseTagger(text, [['NAME', 'Mary Smith'], ['DIAGNOSIS', 'Type 2 diabetes']]);
    const { extraction } = await extract(text, tagger, { vocabulary, modelVersion: 'test' });
    expect(extraction.patient.name).toBe('Mary Smith');
    const span = extraction.patient.evidence.name?.span ?? [0, 0];
    expect(text.slice(span[0], span[1])).toBe('Ｍａｒｙ Ｓｍｉｔｈ');
    expect(extraction.diagnoses.map((d) => d.text)).toEqual(['Type 2  diabetes']);
  });

  it('chooses the patient over the doctor and the relative, and skips a relative’s age', async () => {
    const text = 'Emergency contact: John Brown (son)\nMr. Peter Brown is a 72-year-old man.\nFamily History: Mother, 95, had stroke.\nAttending: Dr. Anne Lee';
    const extraction = await run(text, [
      ['NAME', 'John Brown'],
      ['NAME', 'Peter Brown'],
      ['NAME', 'Anne Lee'],
      ['AGE', '72-year-old'],
      ['AGE', '95'],
      ['SEX', 'man'],
      ['DIAGNOSIS', 'stroke'],
    ]);
    expect(extraction.language).toBe('en');
    expect(extraction.patient).toMatchObject({ name: 'Peter Brown', age: { value: 72, unit: 'year' }, sex: 'male' });
    expect(extraction.diagnoses[0]).toMatchObject({ text: 'stroke', subject: 'family', code: { system: 'ICD-10', value: 'I63.9' } });
  });

  it('reads dose, frequency and route from the text when the tagger marked only the drug', async () => {
    const extraction = await run('Medications:\n1. Metformin 500 mg by mouth twice daily\n2. Aspirin 81 mg PO q.d.', [
      ['DRUG', 'Metformin'],
      ['DRUG', 'Aspirin'],
    ]);
    expect(extraction.medications.map((m) => [m.name, m.dose, m.frequency, m.route])).toEqual([
      ['Metformin', '500 mg', 'bid', 'po'],
      ['Aspirin', '81 mg', 'qd', 'po'],
    ]);
    expect(extraction.medications[0]?.evidence.dose?.confidence).toBeLessThan(1);
  });

  it('reads a route the tagger swept into the drug span off its front', async () => {
    const extraction = await run('用药：口服阿司匹林 100mg qd', [['DRUG', '口服阿司匹林']]);
    expect(extraction.medications.map((m) => [m.name, m.route, m.dose])).toEqual([['阿司匹林', 'po', '100 mg']]);
  });

  it('leaves a drug the patient is allergic to or denies out of the medications', async () => {
    const extraction = await run('过敏史：青霉素过敏。\n用药：阿司匹林 100mg 口服 qd', [
      ['DRUG', '青霉素'],
      ['DRUG', '阿司匹林'],
    ]);
    expect(extraction.medications.map((m) => m.name)).toEqual(['阿司匹林']);
  });

  it('reads the header fields directly when the tagger marked no name, age or sex', async () => {
    const zh = await run('姓名 方蓉   性别 女   年龄 16岁   门诊号 3256687', []);
    expect(zh.patient).toMatchObject({ name: '方蓉', age: { value: 16, unit: 'year' }, sex: 'female' });
    const glued = await run('姓名：张伟性别：男', [['NAME', '张伟性']]);
    expect(glued.patient.name).toBe('张伟');
    const label = await run('姓名 方蓉   性别 女', [['NAME', '名方蓉性']]);
    expect(label.patient.name).toBe('方蓉');
    const en = await run('PATIENT | Li Campbell | AGE 4 months old | SEX F | ID 484546', []);
    expect(en.patient).toMatchObject({ name: 'Li Campbell', age: { value: 4, unit: 'month' }, sex: 'female' });
  });

  it('drops brackets, slashes, digits and a following field label the tagger swept into a name', async () => {
    const bracket = await run('处方笺\n姓名：罗杰〔男〕', [['NAME', '罗杰〔']]);
    expect(bracket.patient.name).toBe('罗杰');
    const leading = await run('【姓名】岳东铭；【性别】男', [['NAME', '】岳东铭']]);
    expect(leading.patient.name).toBe('岳东铭');
    const slash = await run('姓名 刘梅/1床', [['NAME', '刘梅/1']]);
    expect(slash.patient.name).toBe('刘梅');
    const label = await run('Name: Charles Kumar Age: 54', [['NAME', 'Charles Kumar Age']]);
    expect(label.patient.name).toBe('Charles Kumar');
    expect(label.patient.evidence.name?.span).toEqual([6, 19]);
  });

  it('reads a bracketed 患者 field or a patient introduced with an age when the tagger marked no name', async () => {
    expect((await run('出院小结\n[患者]史建；[性别]男；[年龄]8岁', [])).patient.name).toBe('史建');
    expect((await run('出院小结\n患者余轩子，39岁，骨科就诊。', [])).patient.name).toBe('余轩子');
    // 患者 starting an ordinary sentence names nobody.
    expect((await run('患者于3天前出现胸痛。', [])).patient.name).toBeNull();
  });

  it('reads a suspicion the tagger swept into the end of a diagnosis as the qualifier it is', async () => {
    const extraction = await run('入院诊断：1.肺结核待排 2.急性心肌梗死待查', [
      ['DIAGNOSIS', '肺结核待'],
      ['DIAGNOSIS', '急性心肌梗死待查'],
    ]);
    expect(extraction.diagnoses.map((d) => [d.text, d.certainty])).toEqual([
      ['肺结核', 'suspected'],
      ['急性心肌梗死', 'suspected'],
    ]);
  });

  it('aligns spans that start or end inside a Latin word or a number', async () => {
    const extraction = await run('PATIENT | Ryan Campbell | AGE 69 years | SEX male', [
      ['NAME', 'an Camp'],
      ['NAME', 'bell'],
      ['AGE', '9 years'],
    ]);
    expect(extraction.patient).toMatchObject({ name: 'Ryan Campbell', age: { value: 69, unit: 'year' } });
    const parts = await run('PATIENT | Brenda Baker | SEX M', [['NAME', 'Brenda'], ['NAME', 'Baker']]);
    expect(parts.patient.name).toBe('Brenda Baker');
  });

  it('never reads a relative’s age from the family history as the patient’s', async () => {
    const extraction = await run('姓名：闫睿毅  性别：女\n家族史：姐姐，84岁，确诊脑出血。', [['NAME', '闫睿毅']]);
    expect(extraction.patient).toMatchObject({ name: '闫睿毅', age: null, sex: 'female' });
  });

  it('returns nulls and empty lists for a text without patient information', async () => {
    const extraction = await run('今天天气很好。', []);
    expect(extraction).toMatchObject({ patient: { name: null, age: null, sex: null }, diagnoses: [], medications: [], advice: [] });
    const empty = await run('   ', []);
    expect(empty.patient.name).toBeNull();
  });
});
