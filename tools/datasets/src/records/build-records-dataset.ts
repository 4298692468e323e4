/**
 * `node -r @swc-node/register tools/datasets/src/records/build-records-dataset.ts [--data ../shared/datasets] [--out .cache/datasets/records-ner-moe]`
 *
 * Writes the records-ner-moe training tensors: Yidu-S4K's 800 training documents, the PHEE
 * training sentences and synthetic training documents, plus the character vocabulary and term
 * lexicon the model is trained with (copied beside the model by the training pipeline). Test documents are never
 * written here: the evaluator reads them from their sources through the serving path.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CharVocabulary, DEFAULT_CHUNK_LENGTH, LEXICON_IDS, TAGS, lexiconEntries, normalizeText } from '@mosaic/records';
import { writeSplit } from '../common/tensor-store';
import type { AnnotatedDocument } from './annotated-document';
import { loadPheeSentences, pheeDocument, splitPhee } from './case-report-sentences.loader';
import { annotatedTerms, buildTensors, foldVocabularies, syntheticAnnotated } from './records-tensors';
import { generateDocuments } from './synthetic-records.generator';
import { loadYidu, splitYidu } from './chinese-emr-ner.loader';

export const SYNTHETIC_TRAIN_DOCUMENTS = 1200;
export const SYNTHETIC_TEST_DOCUMENTS = 400;
const VOCABULARY_MIN_COUNT = 2;
/** Training documents see a lexicon built from the other folds only (foldVocabularies). */
const LEXICON_FOLDS = 5;

export interface BuiltDataset {
  vocabulary: CharVocabulary;
  summary: Record<string, number>;
}

export function trainingDocuments(datasets: string): AnnotatedDocument[] {
  const yidu = splitYidu(loadYidu(datasets)).train;
  const phee = splitPhee(loadPheeSentences(datasets)).train.map((s, i) => pheeDocument(s, `phee-train-${i}`));
  const synthetic = generateDocuments('train', SYNTHETIC_TRAIN_DOCUMENTS).map(syntheticAnnotated);
  return [...yidu, ...synthetic, ...phee];
}

export function buildRecordsDataset(datasets: string, out: string): BuiltDataset {
  const documents = trainingDocuments(datasets);
  const characters = CharVocabulary.build(
    documents.map((d) => normalizeText(d.text).text),
    VOCABULARY_MIN_COUNT,
  );
  // The model's own lexicon: every training document's terms (never a test document's).
  const vocabulary = characters.withLexicon(lexiconEntries(annotatedTerms(documents)));
  const tensors = buildTensors(documents, foldVocabularies(documents, characters, LEXICON_FOLDS), DEFAULT_CHUNK_LENGTH);
  const count = (source: string) => documents.filter((d) => d.source === source).length;
  const summary = {
    yiduDocuments: count('yidu'),
    syntheticDocuments: count('synthetic'),
    pheeSentences: count('phee'),
    chunks: tensors['lengths']?.dims[0] ?? 0,
    vocabulary: vocabulary.size,
    lexiconTerms: Object.values(vocabulary.lexicon.entries).reduce((n, terms) => n + terms.length, 0),
  };
  writeSplit(out, 'train', tensors, { ...summary, tags: TAGS, width: DEFAULT_CHUNK_LENGTH, bigramBuckets: vocabulary.bigramBuckets, lexiconIds: LEXICON_IDS });
  writeFileSync(join(out, 'vocab.json'), JSON.stringify(vocabulary.toJson()));
  return { vocabulary, summary };
}

if (require.main === module) {
  const root = resolve(__dirname, '../../../..');
  const { values } = parseArgs({
    options: { data: { type: 'string', default: join(root, '../shared/datasets') }, out: { type: 'string', default: join(root, '.cache/datasets/records-ner-moe') } },
  });
  const { summary } = buildRecordsDataset(
    resolve(values.data),
    resolve(values.out),
  );
  console.log(`records-ner-moe dataset: ${JSON.stringify(summary)}`);
}
