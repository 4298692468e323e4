/**
 * Yidu-S4K (CCKS 2019 Chinese EMR NER): the 1,000 official training documents, in the two files of
 * ../shared/datasets/yidu-s4k. Split once, by document, with a fixed seed: 800 to train on and 200
 * to test on. Yidu annotates six types; names, ages, sexes, doses, frequencies and routes in its
 * text are not annotated, so they are partial labels for training.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { YIDU_TYPES, type EntityType } from '@mosaic/records';
import { seededPermutation, type AnnotatedDocument } from './annotated-document';

interface YiduLine {
  text: string;
  entity_list: Array<{ entity_index: { begin: number; end: number }; entity_type: string; entity: string }>;
}

export const YIDU_FILES = ['train-600.jsonl', 'train-400.jsonl'];
export const YIDU_SPLIT_SEED = 20190601;
export const YIDU_TEST_DOCUMENTS = 200;
const YIDU_UNLABELED: readonly EntityType[] = ['NAME', 'AGE', 'SEX', 'DOSE', 'FREQUENCY', 'ROUTE'];

export function loadYidu(datasets: string): AnnotatedDocument[] {
  return YIDU_FILES.flatMap((file) =>
    readFileSync(join(datasets, 'yidu-s4k', file), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line, i) => {
        const parsed = JSON.parse(line) as YiduLine;
        return {
          id: `yidu-${file.replace('.jsonl', '')}-${i}`,
          source: 'yidu' as const,
          text: parsed.text,
          spans: parsed.entity_list.flatMap((e) => {
            const type = YIDU_TYPES[e.entity_type];
            return type ? [{ start: e.entity_index.begin, end: e.entity_index.end, types: [type] }] : [];
          }),
          unlabeled: YIDU_UNLABELED,
        };
      }),
  );
}

export function splitYidu(documents: readonly AnnotatedDocument[]): { train: AnnotatedDocument[]; test: AnnotatedDocument[] } {
  const order = seededPermutation(documents.length, YIDU_SPLIT_SEED);
  const test = new Set(order.slice(0, YIDU_TEST_DOCUMENTS));
  return {
    train: documents.filter((_, i) => !test.has(i)),
    test: documents.filter((_, i) => test.has(i)),
  };
}
