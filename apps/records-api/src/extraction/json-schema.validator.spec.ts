import { openApiSchema } from '@mosaic/platform-http';
import { extractionSchema, type ExtractionView } from './dto/extraction.dto';
import { ageIssues } from './extraction.service';
import { JsonSchemaValidator } from './json-schema.validator';

const valid = {
  language: 'zh',
  patient: { name: '张伟', age: { value: 45, unit: 'year' }, sex: 'male', evidence: { name: { span: [3, 5], confidence: 0.99 }, age: null, sex: null } },
  diagnoses: [{ text: '2型糖尿病', negated: false, subject: 'patient', certainty: 'confirmed', code: { system: 'ICD-10', value: 'E11.9' }, span: [12, 17], confidence: 0.97 }],
  medications: [{ name: '二甲双胍', dose: '0.5 g', frequency: 'bid', route: 'po', span: [40, 44], confidence: 0.95 }],
  advice: ['低盐低脂饮食，监测血糖'],
  modelVersion: 'records-ner-moe@1.0.0',
};

const empty: ExtractionView = { language: 'en', patient: { name: null, age: null, sex: null }, diagnoses: [], medications: [], advice: [], modelVersion: 'm@1' };

describe('JsonSchemaValidator over the extraction schema', () => {
  const validator = new JsonSchemaValidator(openApiSchema(extractionSchema));

  it('accepts the contract example and an extraction with nulls and empty lists', () => {
    expect(validator.validate(valid)).toEqual([]);
    expect(validator.validate(empty)).toEqual([]);
  });

  it.each([
    { path: 'language', value: { ...valid, language: 'fr' } },
    { path: 'patient.age.value', value: { ...valid, patient: { ...valid.patient, age: { value: -1, unit: 'year' } } } },
    { path: 'patient.sex', value: { ...valid, patient: { name: null, age: null } } },
    { path: 'diagnoses.0.span', value: { ...valid, diagnoses: [{ ...valid.diagnoses[0], span: [1] }] } },
    { path: 'diagnoses.0.span', value: { ...valid, diagnoses: [{ ...valid.diagnoses[0], span: [1, 2, 3] }] } },
    { path: 'diagnoses.0.confidence', value: { ...valid, diagnoses: [{ ...valid.diagnoses[0], confidence: Number.NaN }] } },
    { path: 'diagnoses.0.code.value', value: { ...valid, diagnoses: [{ ...valid.diagnoses[0], code: { system: 'ICD-10', value: 'diabetes' } }] } },
    { path: 'medications.0.dose', value: { ...valid, medications: [{ ...valid.medications[0], dose: 5 }] } },
    { path: 'advice.0', value: { ...valid, advice: [''] } },
    { path: 'extra', value: { ...valid, extra: true } },
    { path: 'modelVersion', value: { ...valid, modelVersion: undefined } },
  ])('reports a bad value at $path', ({ value, path }) => {
    expect(validator.validate(value).map((i) => i.path)).toContain(path);
  });

  it('refuses to build from a schema with a keyword it does not implement', () => {
    expect(() => new JsonSchemaValidator({ type: 'object', patternProperties: {} })).toThrow(/unsupported JSON Schema keyword patternProperties/);
  });
});

describe('ageIssues', () => {
  const withAge = (value: number, unit: 'year' | 'month' | 'day') => ({ ...empty, patient: { name: null, sex: null, age: { value, unit } } });

  it('allows an infant counted in days or months and refuses an age no one reaches', () => {
    expect(ageIssues(withAge(455, 'day'))).toEqual([]);
    expect(ageIssues(withAge(18, 'month'))).toEqual([]);
    expect(ageIssues(withAge(151, 'year')).map((i) => i.path)).toEqual(['patient.age.value']);
    expect(ageIssues(withAge(2000, 'month'))).toHaveLength(1);
  });
});
