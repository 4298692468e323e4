/**
 * Diagnoses and medications from the tagged spans: each diagnosis with its ConText flags and ICD-10
 * code, each drug with the dose, frequency and route written after it (before the next drug), and
 * the advice sentences.
 */
import { applyContext, qualifierPrefixLength, qualifierSuffixLength, type Language } from '../context/context-rules';
import { codeDiagnosis } from '../icd10/icd10-coder';
import { toStoredSpan } from '../normalization/text-normalizer';
import { sectionAt } from '../segmentation/section-splitter';
import type { Sentence } from '../segmentation/sentence-splitter';
import type { PreparedDocument } from './document-preparer';
import type { TaggedEntity } from './entity-spans';
import type { DiagnosisInfo, FieldEvidence, MedicationInfo } from './extraction.types';
import { findDose, findFrequency, findRoute, normalizeDose, normalizeFrequency, normalizeRoute, type Found } from './medication-normalizer';

const round = (value: number) => Math.round(value * 1000) / 1000;

function sentenceOf(doc: PreparedDocument, at: number): Sentence {
  return doc.sentences.find((s) => at >= s.start && at < s.end) ?? { start: at, end: at + 1 };
}

/** ConText over the sentence of each entity; one call per sentence so triggers see all their targets. */
function contextFlags(doc: PreparedDocument, targets: readonly TaggedEntity[]) {
  const bySentence = new Map<Sentence, number[]>();
  targets.forEach((entity, i) => {
    const sentence = sentenceOf(doc, entity.start);
    const list = bySentence.get(sentence) ?? [];
    list.push(i);
    bySentence.set(sentence, list);
  });
  const flags = targets.map(() => ({ negated: false, subject: 'patient' as 'patient' | 'family', certainty: 'confirmed' as 'confirmed' | 'suspected' }));
  for (const [sentence, members] of bySentence) {
    const text = doc.normalized.text.slice(sentence.start, sentence.end);
    const section = sectionAt(doc.sections, sentence.start)?.kind;
    const local = members.map((i) => ({ start: (targets[i]?.start ?? 0) - sentence.start, end: (targets[i]?.end ?? 0) - sentence.start }));
    applyContext(text, local, doc.language as Language, section).forEach((flag, j) => {
      const index = members[j];
      if (index !== undefined) flags[index] = flag;
    });
  }
  return flags;
}

/** Diagnosis spans without the qualifier words they swallowed at either end; spans that are only a qualifier are dropped. */
function diagnosisSpans(doc: PreparedDocument, entities: readonly TaggedEntity[]): TaggedEntity[] {
  return entities.flatMap((e) => {
    if (e.type !== 'DIAGNOSIS') return [];
    const prefix = qualifierPrefixLength(e.text, doc.language);
    if (prefix === null) return [];
    const text = e.text.slice(prefix);
    const suffix = qualifierSuffixLength(text, doc.normalized.text.slice(e.end, e.end + 8), doc.language);
    return [{ ...e, start: e.start + prefix, end: e.end - suffix, text: text.slice(0, text.length - suffix) }];
  });
}

export function assembleDiagnoses(doc: PreparedDocument, entities: readonly TaggedEntity[]): DiagnosisInfo[] {
  const diagnoses = diagnosisSpans(doc, entities);
  const flags = contextFlags(doc, diagnoses);
  return diagnoses.map((entity, i) => {
    const span = toStoredSpan(doc.normalized, entity.start, entity.end);
    const text = doc.stored.slice(span[0], span[1]);
    const code = codeDiagnosis(text);
    const flag = flags[i] ?? { negated: false, subject: 'patient', certainty: 'confirmed' };
    return {
      text,
      negated: flag.negated,
      subject: flag.subject,
      certainty: flag.certainty,
      code: code ? { system: code.system, value: code.value } : null,
      span,
      confidence: round(entity.confidence),
    };
  });
}

const ALLERGY = /过敏|allerg/i;

function fieldFrom(
  doc: PreparedDocument,
  tagged: TaggedEntity | undefined,
  normalize: (text: string) => string | null,
  find: (text: string) => Found<string> | null,
  window: { start: number; end: number },
  keepUnreadable = true,
): { value: string | null; evidence: FieldEvidence | null } {
  const normalized = tagged ? normalize(tagged.text) : null;
  if (tagged && normalized) {
    return { value: normalized, evidence: { span: toStoredSpan(doc.normalized, tagged.start, tagged.end), confidence: round(tagged.confidence) } };
  }
  // A span the normaliser cannot read (a boundary error such as "1次/") yields to the pattern in the text.
  const found = find(doc.normalized.text.slice(window.start, window.end));
  if (!found) {
    if (!tagged || !keepUnreadable) return { value: null, evidence: null };
    return { value: tagged.text, evidence: { span: toStoredSpan(doc.normalized, tagged.start, tagged.end), confidence: round(tagged.confidence * 0.5) } };
  }
  const start = window.start + found.start;
  return { value: found.value, evidence: { span: toStoredSpan(doc.normalized, start, window.start + found.end), confidence: 0.5 } };
}

export function assembleMedications(doc: PreparedDocument, entities: readonly TaggedEntity[]): MedicationInfo[] {
  const drugs = entities.filter((e) => e.type === 'DRUG');
  const flags = contextFlags(doc, drugs);
  const medications: MedicationInfo[] = [];
  drugs.forEach((tagged, i) => {
    // A route the tagger swept into the drug's span ("口服阿司匹林", "po阿普唑仑片") is read off its front.
    const lead = findRoute(tagged.text);
    const drug = lead && lead.start === 0 && tagged.text.length - lead.end >= 2 ? { ...tagged, start: tagged.start + lead.end, text: tagged.text.slice(lead.end) } : tagged;
    const sentence = sentenceOf(doc, drug.start);
    const sentenceText = doc.normalized.text.slice(sentence.start, sentence.end);
    const section = sectionAt(doc.sections, drug.start)?.kind;
    const flag = flags[i];
    if (section === 'allergies' || ALLERGY.test(sentenceText) || flag?.negated || flag?.subject === 'family') return;
    const next = drugs[i + 1];
    const previous = drugs[i - 1];
    const after = { start: drug.end, end: Math.min(sentence.end, next && next.start > drug.end ? next.start : sentence.end) };
    const before = { start: Math.max(sentence.start, previous && previous.end <= drug.start ? previous.end : sentence.start), end: drug.start };
    const within = (type: TaggedEntity['type'], range: { start: number; end: number }) =>
      entities.find((e) => e.type === type && e.start >= range.start && e.end <= range.end);
    const dose = fieldFrom(doc, within('DOSE', after), normalizeDose, findDose, after);
    const frequency = fieldFrom(doc, within('FREQUENCY', after), normalizeFrequency, findFrequency, after);
    let route = fieldFrom(doc, within('ROUTE', after), normalizeRoute, findRoute, after, false);
    if (route.value === null) route = fieldFrom(doc, within('ROUTE', before), normalizeRoute, findRoute, before, false);
    if (route.value === null) route = fieldFrom(doc, within('ROUTE', after), normalizeRoute, findRoute, after);
    const span = toStoredSpan(doc.normalized, drug.start, drug.end);
    medications.push({
      name: doc.stored.slice(span[0], span[1]),
      dose: dose.value,
      frequency: frequency.value,
      route: route.value,
      span,
      confidence: round(drug.confidence),
      evidence: { dose: dose.evidence, frequency: frequency.evidence, route: route.evidence },
    });
  });
  return medications;
}

const ADVICE_LEAD = /^(?:建议|嘱|注意|定期|advised|advise|recommend|follow[- ]up|return if|avoid|continue to)/i;
const LIST_MARK = /^(?:\d+[.、)]|[(（]\d+[)）]|[-•*])\s*/u;
/** Sign-off lines that follow the advice in the same section. */
const SIGN_OFF = /^(?:日期|签名|签字|[\u4e00-\u9fff]{0,4}(?:医师|医生|药师|护士)|date|signed|signature|physician|attending|resident|reported by|reviewed by|prescriber|pharmacist|dr\.)/i;

export function assembleAdvice(doc: PreparedDocument, entities: readonly TaggedEntity[]): string[] {
  const blockers = entities.filter((e) => e.type === 'DRUG' || e.type === 'NAME');
  const advice: string[] = [];
  for (const sentence of doc.sentences) {
    const section = sectionAt(doc.sections, sentence.start);
    if (section && sentence.start < section.contentStart) continue;
    const normalized = doc.normalized.text.slice(sentence.start, sentence.end).replace(LIST_MARK, '');
    const inAdvice = section?.kind === 'advice' || ADVICE_LEAD.test(normalized);
    if (!inAdvice || SIGN_OFF.test(normalized) || blockers.some((d) => d.start >= sentence.start && d.start < sentence.end)) continue;
    const span = toStoredSpan(doc.normalized, sentence.start, sentence.end);
    const written = doc.stored
      .slice(span[0], span[1])
      .replace(LIST_MARK, '')
      .replace(/[。.；;]$/u, '')
      .trim();
    if (written) advice.push(written);
  }
  return advice;
}
