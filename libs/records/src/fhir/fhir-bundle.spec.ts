import { FHIR_SYSTEMS, stableUuid, toFhirBundle, type FhirResource, type FhirSource } from './fhir-bundle';

const extraction: FhirSource = {
  language: 'zh',
  patient: { name: '张伟', age: { value: 45, unit: 'year' }, sex: 'male' },
  diagnoses: [
    { text: '2型糖尿病', negated: false, subject: 'patient', certainty: 'confirmed', code: { system: 'ICD-10', value: 'E11.9' } },
    { text: '冠心病', negated: true, subject: 'patient', certainty: 'confirmed', code: { system: 'ICD-10', value: 'I25.1' } },
    { text: '肺炎', negated: false, subject: 'patient', certainty: 'suspected', code: { system: 'ICD-10', value: 'J18.9' } },
    { text: '高血压', negated: false, subject: 'family', certainty: 'confirmed', code: { system: 'ICD-10', value: 'I10' } },
    { text: 'cancer', negated: true, subject: 'family', certainty: 'confirmed', code: null },
  ],
  medications: [
    { name: '二甲双胍', dose: '0.5 g', frequency: 'bid', route: 'po' },
    { name: 'Nitroglycerin', dose: '0.5 mg', frequency: 'prn', route: 'sl' },
    { name: 'Vitamin D', dose: null, frequency: null, route: null },
  ],
};

const DOC = '5b0c6f0e-2a51-4d6b-9f7c-3e2f8d1a0b11';
const of = (bundle: ReturnType<typeof toFhirBundle>, type: string): FhirResource[] =>
  bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === type);

describe('toFhirBundle', () => {
  const bundle = toFhirBundle(extraction, DOC, new Date('2026-01-02T03:04:05Z'));

  it('holds the patient, the age, a Condition per patient diagnosis, family history and medication statements', () => {
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection', identifier: { value: DOC }, timestamp: '2026-01-02T03:04:05.000Z' });
    expect(bundle.entry.map((e) => e.resource.resourceType)).toEqual([
      'Patient',
      'Observation',
      'Condition',
      'Condition',
      'Condition',
      'FamilyMemberHistory',
      'FamilyMemberHistory',
      'MedicationStatement',
      'MedicationStatement',
      'MedicationStatement',
    ]);
    expect(of(bundle, 'Patient')[0]).toMatchObject({ name: [{ text: '张伟' }], gender: 'male' });
    expect(of(bundle, 'Observation')[0]).toMatchObject({ code: { coding: [{ system: FHIR_SYSTEMS.loinc, code: '30525-0' }] }, valueQuantity: { value: 45, code: 'a' } });
    for (const entry of bundle.entry) expect(entry.fullUrl).toBe(`urn:uuid:${entry.resource.id}`);
  });

  it('marks denied diagnoses refuted (without a clinical status) and suspected ones provisional', () => {
    const status = (r: FhirResource) => (r['verificationStatus'] as { coding: { code: string }[] }).coding[0]?.code;
    const conditions = of(bundle, 'Condition');
    expect(conditions.map(status)).toEqual(['confirmed', 'refuted', 'provisional']);
    expect(conditions[1]?.['clinicalStatus']).toBeUndefined();
    expect(conditions[0]).toMatchObject({ clinicalStatus: { coding: [{ code: 'active' }] }, code: { coding: [{ system: FHIR_SYSTEMS.icd10, code: 'E11.9' }], text: '2型糖尿病' } });
    const patient = of(bundle, 'Patient')[0];
    expect(conditions[0]?.['subject']).toEqual({ reference: `urn:uuid:${patient?.id}` });
  });

  it("keeps a relative's condition out of the patient's conditions, flagging a denied one", () => {
    const [hypertension, cancer] = of(bundle, 'FamilyMemberHistory');
    expect(hypertension).toMatchObject({ status: 'completed', condition: [{ code: { coding: [{ code: 'I10' }] } }] });
    expect(cancer).toMatchObject({ condition: [{ code: { text: 'cancer' }, extension: [{ url: FHIR_SYSTEMS.negatedExtension, valueBoolean: true }] }] });
  });

  it('writes dose, timing and route as structured dosage', () => {
    const [metformin, nitro, vitamin] = of(bundle, 'MedicationStatement');
    expect(metformin).toMatchObject({
      medicationCodeableConcept: { text: '二甲双胍' },
      dosage: [
        {
          text: '0.5 g po bid',
          timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd' }, code: { coding: [{ code: 'BID' }] } },
          route: { text: 'oral' },
          doseAndRate: [{ doseQuantity: { value: 0.5, unit: 'g', system: FHIR_SYSTEMS.ucum, code: 'g' } }],
        },
      ],
    });
    expect(nitro).toMatchObject({ dosage: [{ asNeededBoolean: true, route: { text: 'sublingual' } }] });
    expect(vitamin?.['dosage']).toBeUndefined();
  });

  it('maps the same extraction to the same ids, and an empty extraction to a lone Patient', () => {
    expect(toFhirBundle(extraction, DOC, new Date()).entry.map((e) => e.fullUrl)).toEqual(bundle.entry.map((e) => e.fullUrl));
    expect(stableUuid(DOC, 'patient')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const empty = toFhirBundle({ language: 'en', patient: { name: null, age: null, sex: null }, diagnoses: [], medications: [] }, DOC, new Date());
    expect(empty.entry.map((e) => e.resource)).toEqual([expect.objectContaining({ resourceType: 'Patient', gender: 'unknown' })]);
  });
});
