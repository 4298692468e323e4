/**
 * Where a 2,000-character document's CPU goes in the extraction pipeline, measured in this process
 * without the service around it: the tagger (ONNX Runtime, one thread, through OnnxSession) and
 * everything @mosaic/records does around it (normalise, split, encode, CRF decoding, assembly,
 * ConText, ICD-10). The service's own share (HTTP, PostgreSQL, encryption, validation, queue) is the
 * worker's CPU per document minus these.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OnnxSession } from '@mosaic/moe-inference';
import { CharVocabulary, createModelTagger, extract, type Tagger, type VocabularyFile } from '@mosaic/records';

export interface PipelineCpu {
  language: string;
  documents: number;
  totalMs: number;
  taggerMs: number;
  restMs: number;
}

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

export async function pipelineCpu(modelDir: string, texts: Record<string, string>, repeats = 30): Promise<PipelineCpu[]> {
  const manifest = JSON.parse(readFileSync(join(modelDir, 'manifest.json'), 'utf8')) as { name: string; version: string; moe: { experts: number } };
  const vocabulary = CharVocabulary.fromJson(JSON.parse(readFileSync(join(modelDir, 'vocab.json'), 'utf8')) as VocabularyFile);
  const session = OnnxSession.open(join(modelDir, 'model.onnx'), { intraOpThreads: 1, interOpThreads: 1, allowSpinning: false });
  const inner = createModelTagger(session, manifest.moe.experts);
  let taggerMs = 0;
  const tagger: Tagger = async (batch) => {
    const started = cpuMs();
    const output = await inner(batch);
    taggerMs += cpuMs() - started;
    return output;
  };
  const options = { vocabulary, modelVersion: `${manifest.name}@${manifest.version}` };
  const rows: PipelineCpu[] = [];
  try {
    for (const [language, text] of Object.entries(texts)) {
      for (let i = 0; i < 5; i += 1) await extract(text, tagger, options);
      taggerMs = 0;
      const started = cpuMs();
      for (let i = 0; i < repeats; i += 1) await extract(text, tagger, options);
      const total = (cpuMs() - started) / repeats;
      const round = (v: number) => Math.round(v * 10) / 10;
      rows.push({ language, documents: repeats, totalMs: round(total), taggerMs: round(taggerMs / repeats), restMs: round(total - taggerMs / repeats) });
    }
  } finally {
    session.dispose();
  }
  return rows;
}
