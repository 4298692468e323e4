/**
 * Contract-level field accuracy of the service's answers against the synthetic documents' gold
 * fields. The definitions match tools/evaluation/records-ner-moe.eval.ts (the model card's synthetic
 * metrics), so the service path and the model card can be compared number for number:
 * name, age and sex per document; diagnoses and medications by exact span (F1); negation, subject and
 * certainty over the gold diagnoses found (exact or overlapping span); dose, frequency and route over
 * the gold medications found.
 */
export interface ExtractedDiagnosis {
  negated: boolean;
  subject: string;
  certainty: string;
  span: [number, number];
}

export interface ExtractedMedication {
  dose: string | null;
  frequency: string | null;
  route: string | null;
  span: [number, number];
}

export interface Extracted {
  status: string;
  extraction?: {
    modelVersion?: string;
    patient: { name: string | null; age: { value: number; unit: string } | null; sex: string | null };
    diagnoses: ExtractedDiagnosis[];
    medications: ExtractedMedication[];
  };
}

export interface GoldDocument {
  language: 'zh' | 'en';
  patient: { name: string | null; age: { value: number; unit: string } | null; sex: string | null };
  diagnoses: { start: number; end: number; negated: boolean; subject: string; certainty: string }[];
  medications: { start: number; end: number; dose: string; frequency: string; route: string }[];
}

export interface QualityReport {
  documents: number;
  failed: number;
  metrics: Record<string, number>;
  byLanguage: Record<string, Record<string, number>>;
}

const f1 = (tp: number, predicted: number, gold: number) => (predicted + gold === 0 ? 1 : (2 * tp) / (predicted + gold));
const overlaps = (span: readonly [number, number], gold: { start: number; end: number }) => span[0] < gold.end && gold.start < span[1];
const round = (v: number) => Math.round(v * 10_000) / 10_000;

function score(pairs: readonly [GoldDocument, Extracted][]): Record<string, number> {
  const hits = { name: 0, age: 0, sex: 0, negated: 0, subject: 0, certainty: 0, dose: 0, frequency: 0, route: 0 };
  const diagnosis = { tp: 0, predicted: 0, gold: 0, matched: 0 };
  const medication = { tp: 0, predicted: 0, gold: 0 };
  for (const [gold, answer] of pairs) {
    const e = answer.extraction;
    const patient = e?.patient ?? { name: null, age: null, sex: null };
    if (e && patient.name === gold.patient.name) hits.name += 1;
    const sameAge = patient.age === null || gold.patient.age === null ? patient.age === gold.patient.age : patient.age.value === gold.patient.age.value && patient.age.unit === gold.patient.age.unit;
    if (e && sameAge) hits.age += 1;
    if (e && patient.sex === gold.patient.sex) hits.sex += 1;
    const diagnoses = e?.diagnoses ?? [];
    diagnosis.predicted += diagnoses.length;
    diagnosis.gold += gold.diagnoses.length;
    for (const g of gold.diagnoses) {
      const exact = diagnoses.find((d) => d.span[0] === g.start && d.span[1] === g.end);
      if (exact) diagnosis.tp += 1;
      const found = exact ?? diagnoses.find((d) => overlaps(d.span, g));
      if (!found) continue;
      diagnosis.matched += 1;
      if (found.negated === g.negated) hits.negated += 1;
      if (found.subject === g.subject) hits.subject += 1;
      if (found.certainty === g.certainty) hits.certainty += 1;
    }
    const medications = e?.medications ?? [];
    medication.predicted += medications.length;
    medication.gold += gold.medications.length;
    for (const g of gold.medications) {
      const found = medications.find((m) => overlaps(m.span, g));
      if (!found) continue;
      if (found.span[0] === g.start && found.span[1] === g.end) medication.tp += 1;
      if (found.dose === g.dose) hits.dose += 1;
      if (found.frequency === g.frequency) hits.frequency += 1;
      if (found.route === g.route) hits.route += 1;
    }
  }
  const n = Math.max(pairs.length, 1);
  const matched = Math.max(diagnosis.matched, 1);
  const meds = Math.max(medication.gold, 1);
  return {
    'name.accuracy': round(hits.name / n),
    'age.accuracy': round(hits.age / n),
    'sex.accuracy': round(hits.sex / n),
    'diagnosis.f1': round(f1(diagnosis.tp, diagnosis.predicted, diagnosis.gold)),
    'negation.accuracy': round(hits.negated / matched),
    'subject.accuracy': round(hits.subject / matched),
    'certainty.accuracy': round(hits.certainty / matched),
    'medication.f1': round(f1(medication.tp, medication.predicted, medication.gold)),
    'dose.accuracy': round(hits.dose / meds),
    'frequency.accuracy': round(hits.frequency / meds),
    'route.accuracy': round(hits.route / meds),
  };
}

export function scoreDocuments(gold: readonly GoldDocument[], answers: readonly Extracted[]): QualityReport {
  const pairs = gold.map((g, i): [GoldDocument, Extracted] => [g, answers[i] ?? { status: 'missing' }]);
  return {
    documents: pairs.length,
    failed: pairs.filter(([, a]) => a.status !== 'completed').length,
    metrics: score(pairs),
    byLanguage: Object.fromEntries(['zh', 'en'].map((language) => [language, score(pairs.filter(([g]) => g.language === language))])),
  };
}

/** The bars for the service's answers (issue 6). */
export const QUALITY_BARS: Record<string, number> = {
  'name.accuracy': 0.98,
  'age.accuracy': 0.98,
  'sex.accuracy': 0.98,
  'diagnosis.f1': 0.95,
  'negation.accuracy': 0.95,
  'subject.accuracy': 0.95,
  'certainty.accuracy': 0.95,
  'medication.f1': 0.95,
  'dose.accuracy': 0.95,
  'frequency.accuracy': 0.95,
};
