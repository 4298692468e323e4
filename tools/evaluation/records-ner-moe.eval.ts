/**
 * records-ner-moe metrics, recomputed with onnxruntime-node (OnnxSession) through the serving path
 * of @mosaic/records on test data the model never saw:
 * - Yidu-S4K: strict entity F1 (exact type, start and end) for 疾病和诊断 and 药物 on the 200
 *   held-out documents;
 * - PHEE: token F1 over Problem / Treatment / Test on the held-out 20% of sentences;
 * - synthetic documents from the held-out pools and layouts: the contract-level fields.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OnnxSession } from '@mosaic/moe-inference';
import {
  CharVocabulary,
  createModelTagger,
  extract,
  prepareDocument,
  tagDocument,
  toStoredSpan,
  type EntityType,
  type ExpertUsage,
  type Tagger,
  type VocabularyFile,
} from '@mosaic/records';
import { loadPheeSentences, pheeText, splitPhee, PHEE_CLASSES } from '../datasets/src/records/case-report-sentences.loader';
import { generateDocuments, type SyntheticDocument } from '../datasets/src/records/synthetic-records.generator';
import { loadYidu, splitYidu } from '../datasets/src/records/chinese-emr-ner.loader';
import { SYNTHETIC_TEST_DOCUMENTS } from '../datasets/src/records/build-records-dataset';
import { graphFile, type Evaluate, type Evaluation, type EvaluationOptions } from './evaluator';

const MODEL = 'records-ner-moe';
const root = resolve(__dirname, '../..');

export function latestModelDir(): string {
  const dir = join(root, 'models', MODEL);
  const versions = readdirSync(dir).sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const latest = versions.at(-1);
  if (!latest) throw new Error(`no version of ${MODEL} under models/`);
  return join(dir, latest);
}

export interface LoadedModel {
  tagger: Tagger;
  vocabulary: CharVocabulary;
  modelVersion: string;
  release: () => void;
}

export function loadModel(dir = latestModelDir(), variant?: string): LoadedModel {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { version: string; moe: { experts: number } };
  const vocabulary = CharVocabulary.fromJson(JSON.parse(readFileSync(join(dir, 'vocab.json'), 'utf8')) as VocabularyFile);
  const session = OnnxSession.open(join(dir, graphFile(variant)));
  return {
    tagger: createModelTagger(session, manifest.moe.experts),
    vocabulary,
    modelVersion: `${MODEL}@${manifest.version}`,
    release: () => session.dispose(),
  };
}

const f1 = (tp: number, predicted: number, gold: number) => (predicted + gold === 0 ? 1 : (2 * tp) / (predicted + gold));

function addUsage(total: ExpertUsage | null, usage: ExpertUsage | null, perDocument: number[][]): ExpertUsage | null {
  if (!usage) return total;
  perDocument.push(usage.routed.map((r) => r / (usage.characters * usage.topK)));
  if (!total) return { ...usage, routed: [...usage.routed], weight: usage.weight.map((w) => w * usage.characters) };
  total.characters += usage.characters;
  usage.routed.forEach((r, i) => (total.routed[i] = (total.routed[i] ?? 0) + r));
  usage.weight.forEach((w, i) => (total.weight[i] = (total.weight[i] ?? 0) + w * usage.characters));
  return total;
}

async function evaluateYidu(model: LoadedModel, options: EvaluationOptions, usage: { total: ExpertUsage | null; perDocument: number[][] }): Promise<Evaluation> {
  const test = splitYidu(loadYidu(options.datasets)).test.slice(0, options.sample);
  const types: Record<string, EntityType> = { diagnosis: 'DIAGNOSIS', drug: 'DRUG' };
  const counts = Object.fromEntries(Object.keys(types).map((k) => [k, { tp: 0, predicted: 0, gold: 0 }]));
  for (const doc of test) {
    const prepared = prepareDocument(doc.text);
    const { entities, experts } = await tagDocument(prepared, model.tagger, model.vocabulary);
    usage.total = addUsage(usage.total, experts, usage.perDocument);
    for (const [name, type] of Object.entries(types)) {
      const predicted = new Set(entities.filter((e) => e.type === type).map((e) => toStoredSpan(prepared.normalized, e.start, e.end).join(':')));
      const gold = new Set(doc.spans.filter((s) => s.types.includes(type)).map((s) => `${s.start}:${s.end}`));
      const c = counts[name];
      if (!c) continue;
      c.predicted += predicted.size;
      c.gold += gold.size;
      for (const key of predicted) if (gold.has(key)) c.tp += 1;
    }
  }
  return Object.fromEntries(Object.entries(counts).map(([name, c]) => [`yidu.${name}.f1`, f1(c.tp, c.predicted, c.gold)]));
}

const PHEE_OF_TYPE: Partial<Record<EntityType, string>> = Object.fromEntries(
  Object.entries(PHEE_CLASSES).flatMap(([label, types]) => types.map((t) => [t, label])),
);

async function evaluatePhee(model: LoadedModel, options: EvaluationOptions): Promise<Evaluation> {
  const test = splitPhee(loadPheeSentences(options.datasets)).test.slice(0, options.sample);
  let tp = 0;
  let predicted = 0;
  let gold = 0;
  for (const sentence of test) {
    const { text, offsets } = pheeText(sentence);
    const prepared = prepareDocument(text);
    const { entities } = await tagDocument(prepared, model.tagger, model.vocabulary);
    const charLabel = new Array<string>(text.length).fill('O');
    for (const e of entities) {
      const label = PHEE_OF_TYPE[e.type];
      if (!label) continue;
      const [s, end] = toStoredSpan(prepared.normalized, e.start, e.end);
      for (let i = s; i < end; i += 1) charLabel[i] = label;
    }
    sentence.tags.forEach((tag, i) => {
      const goldLabel = tag.replace(/^[BI]-/, '');
      const scored = goldLabel in PHEE_CLASSES ? goldLabel : 'O';
      const predictedLabel = charLabel[offsets[i]?.[0] ?? 0] ?? 'O';
      if (scored !== 'O') gold += 1;
      if (predictedLabel !== 'O' && goldLabel !== 'Background') predicted += 1;
      if (scored !== 'O' && predictedLabel === scored) tp += 1;
    });
  }
  return { 'phee.token.f1': f1(tp, predicted, gold) };
}

const overlaps = ([start, end]: readonly [number, number], gold: { start: number; end: number }) => start < gold.end && gold.start < end;

async function evaluateSynthetic(
  model: LoadedModel,
  documents: readonly SyntheticDocument[],
  usage: { total: ExpertUsage | null; perDocument: number[][] },
): Promise<Evaluation> {
  const hits = { name: 0, age: 0, sex: 0, dose: 0, frequency: 0, route: 0, negated: 0, subject: 0, certainty: 0 };
  let medications = 0;
  let matchedDiagnoses = 0;
  const diagnosis = { tp: 0, predicted: 0, gold: 0 };
  const medication = { tp: 0, predicted: 0, gold: 0 };
  for (const doc of documents) {
    const { extraction, experts } = await extract(doc.text, model.tagger, { vocabulary: model.vocabulary, modelVersion: model.modelVersion });
    usage.total = addUsage(usage.total, experts, usage.perDocument);
    const p = extraction.patient;
    if (p.name === doc.patient.name) hits.name += 1;
    if ((p.age === null && doc.patient.age === null) || (p.age && doc.patient.age && p.age.value === doc.patient.age.value && p.age.unit === doc.patient.age.unit)) hits.age += 1;
    if (p.sex === doc.patient.sex) hits.sex += 1;
    diagnosis.predicted += extraction.diagnoses.length;
    diagnosis.gold += doc.diagnoses.length;
    for (const gold of doc.diagnoses) {
      const exact = extraction.diagnoses.find((d) => d.span[0] === gold.start && d.span[1] === gold.end);
      if (exact) diagnosis.tp += 1;
      const found = exact ?? extraction.diagnoses.find((d) => overlaps(d.span, gold));
      if (!found) continue;
      matchedDiagnoses += 1;
      if (found.negated === gold.negated) hits.negated += 1;
      if (found.subject === gold.subject) hits.subject += 1;
      if (found.certainty === gold.certainty) hits.certainty += 1;
    }
    medication.predicted += extraction.medications.length;
    medication.gold += doc.medications.length;
    for (const gold of doc.medications) {
      medications += 1;
      const found = extraction.medications.find((m) => overlaps(m.span, gold));
      if (!found) continue;
      if (found.span[0] === gold.start && found.span[1] === gold.end) medication.tp += 1;
      if (found.dose === gold.dose) hits.dose += 1;
      if (found.frequency === gold.frequency) hits.frequency += 1;
      if (found.route === gold.route) hits.route += 1;
    }
  }
  const n = documents.length;
  return {
    'synthetic.name.accuracy': hits.name / n,
    'synthetic.age.accuracy': hits.age / n,
    'synthetic.sex.accuracy': hits.sex / n,
    'synthetic.diagnosis.f1': f1(diagnosis.tp, diagnosis.predicted, diagnosis.gold),
    'synthetic.negation.accuracy': hits.negated / Math.max(matchedDiagnoses, 1),
    'synthetic.subject.accuracy': hits.subject / Math.max(matchedDiagnoses, 1),
    'synthetic.certainty.accuracy': hits.certainty / Math.max(matchedDiagnoses, 1),
    'synthetic.medication.f1': f1(medication.tp, medication.predicted, medication.gold),
    'synthetic.dose.accuracy': hits.dose / Math.max(medications, 1),
    'synthetic.frequency.accuracy': hits.frequency / Math.max(medications, 1),
    'synthetic.route.accuracy': hits.route / Math.max(medications, 1),
  };
}

export interface RecordsEvaluation {
  metrics: Evaluation;
  /** Share of routed characters per expert over every test document, and its spread across documents. */
  experts: { share: number[]; meanWeight: number[]; documentShareMin: number[]; documentShareMax: number[]; characters: number } | null;
}

export async function evaluateRecords(options: EvaluationOptions, dir = latestModelDir()): Promise<RecordsEvaluation> {
  const model = loadModel(dir, options.variant);
  const usage: { total: ExpertUsage | null; perDocument: number[][] } = { total: null, perDocument: [] };
  try {
    const metrics: Evaluation = {
      ...(await evaluateYidu(model, options, usage)),
      ...(await evaluatePhee(model, options)),
      ...(await evaluateSynthetic(model, generateDocuments('test', options.sample ?? SYNTHETIC_TEST_DOCUMENTS), usage)),
    };
    const total = usage.total as ExpertUsage | null;
    const round = (v: number) => Math.round(v * 1000) / 1000;
    const experts = total
      ? {
          characters: total.characters,
          share: total.routed.map((r) => round(r / (total.characters * total.topK))),
          meanWeight: total.weight.map((w) => round(w / total.characters)),
          documentShareMin: total.routed.map((_, i) => round(Math.min(...usage.perDocument.map((d) => d[i] ?? 0)))),
          documentShareMax: total.routed.map((_, i) => round(Math.max(...usage.perDocument.map((d) => d[i] ?? 0)))),
        }
      : null;
    return { metrics, experts };
  } finally {
    model.release();
  }
}

export const evaluate: Evaluate = async (options) => (await evaluateRecords(options)).metrics;
