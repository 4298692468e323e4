import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CharVocabulary, DEFAULT_CHUNK_LENGTH, TAGS, beginTag, encodeChunks, insideTag, lexiconEntries, modelFeeds, prepareDocument } from '@mosaic/records';
import { readSplit, writeSplit } from '../common/tensor-store';
import type { AnnotatedDocument } from './annotated-document';
import { annotatedTerms, buildTensors, syntheticAnnotated } from './records-tensors';
import { generateDocument } from './synthetic-records.generator';

const fixtures: AnnotatedDocument[] = [
  {
    id: 'zh',
    source: 'yidu',
    text: '患者，男，５６岁。\u3000因“胆管癌”收入院，予奥沙利铂(艾恒) ０.２ｇ 静滴。\r\n否认高血压病史。',
    spans: [{ start: 12, end: 15, types: ['DIAGNOSIS'] }],
    unlabeled: ['AGE', 'SEX', 'DOSE', 'ROUTE'],
  },
  {
    id: 'en',
    source: 'phee',
    text: 'a 45 - year - old man developed   rash after    amoxicillin .',
    spans: [{ start: 49, end: 60, types: ['DRUG', 'SURGERY'] }],
    unknown: [{ start: 2, end: 20 }],
    unlabeled: ['DOSE'],
  },
  syntheticAnnotated(generateDocument(7, 'test', 'en')),
  syntheticAnnotated(generateDocument(8, 'test', 'zh')),
];

describe('records tensors: the dataset path and the serving path agree', () => {
  const vocabulary = CharVocabulary.build(fixtures.map((f) => prepareDocument(f.text).normalized.text).slice(0, 2), 1).withLexicon(
    lexiconEntries(annotatedTerms(fixtures)),
  );
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'records-tensors-'));
    writeSplit(dir, 'fixture', buildTensors(fixtures, vocabulary));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the model exactly the int64 feeds the service sends, row for row', () => {
    const { tensors } = readSplit(dir, 'fixture');
    const width = DEFAULT_CHUNK_LENGTH;
    let row = 0;
    for (const fixture of fixtures) {
      const doc = prepareDocument(fixture.text);
      const feeds = modelFeeds(encodeChunks(doc.normalized.text, doc.chunks, vocabulary, width));
      for (const name of ['chars', 'bigrams', 'shapes', 'lexicon'] as const) {
        const stored = tensors[name]?.data as Int32Array;
        const served = feeds[name]?.data as BigInt64Array;
        expect(Array.from(stored.subarray(row * width, (row + doc.chunks.length) * width), BigInt)).toEqual(Array.from(served));
      }
      const lengths = tensors['lengths']?.data as Int32Array;
      expect(Array.from(lengths.subarray(row, row + doc.chunks.length), BigInt)).toEqual(Array.from(feeds['lengths']?.data as BigInt64Array));
      row += doc.chunks.length;
    }
    expect(tensors['chars']?.dims).toEqual([row, width]);
    // The fixtures' own terms are in the lexicon, so the lexicon feature is not all zeros.
    expect((tensors['lexicon']?.data as Int32Array).some((id) => id > 0)).toBe(true);
  });

  it('labels gold spans on the normalised text, and leaves partial labels open', () => {
    const { tensors } = readSplit(dir, 'fixture');
    const allowed = tensors['allowed']?.data as Uint8Array;
    const t = TAGS.length;
    const normalized = prepareDocument(fixtures[0]?.text ?? '').normalized.text;
    const at = normalized.indexOf('胆管癌');
    const tagsAt = (i: number) => TAGS.filter((_, k) => allowed[i * t + k] === 1);
    expect(tagsAt(at)).toEqual([TAGS[beginTag('DIAGNOSIS')]]);
    expect(tagsAt(at + 1)).toEqual([TAGS[insideTag('DIAGNOSIS')]]);
    // An unannotated Yidu character may be O or one of the types Yidu never annotates.
    expect(tagsAt(normalized.indexOf('0.2g'))).toEqual(['O', 'B-AGE', 'I-AGE', 'B-SEX', 'I-SEX', 'B-DOSE', 'I-DOSE', 'B-ROUTE', 'I-ROUTE']);
  });
});
