/**
 * The extraction pipeline: stored text -> prepared document -> encoded chunks -> injected tagger ->
 * decoded entities -> the contract's extraction object, with the experts that tagged the document.
 */
import { CharVocabulary } from '../tokenizer/char-vocabulary';
import { encodeChunks } from '../tokenizer/char-encoder';
import { decodeArgmax, decodeCrf } from '../tagging/crf-decoder';
import type { Tagger } from '../tagging/tagger';
import { assembleAdvice, assembleDiagnoses, assembleMedications } from './clinical-assembler';
import { DEFAULT_CHUNK_LENGTH, prepareDocument, type PreparedDocument } from './document-preparer';
import { entitiesFromTags, type TaggedEntity } from './entity-spans';
import type { Extraction } from './extraction.types';
import { assemblePatient } from './patient-assembler';

export interface ExtractOptions {
  vocabulary: CharVocabulary;
  modelVersion: string;
  maxChunkLength?: number;
  /** Chunks per tagger call; bounds the memory one long document takes. */
  maxBatchSize?: number;
}

/** How the document's characters were routed: per expert, the characters that chose it among their top k. */
export interface ExpertUsage {
  characters: number;
  topK: number;
  routed: number[];
  /** Mean routing weight each expert received per character (sums to 1 over experts). */
  weight: number[];
}

export interface ExtractionResult {
  extraction: Extraction;
  entities: TaggedEntity[];
  experts: ExpertUsage | null;
}

export async function tagDocument(
  doc: PreparedDocument,
  tagger: Tagger,
  vocabulary: CharVocabulary,
  maxBatchSize = 32,
): Promise<{ entities: TaggedEntity[]; experts: ExpertUsage | null }> {
  const entities: TaggedEntity[] = [];
  let experts: ExpertUsage | null = null;
  const text = doc.normalized.text;
  for (let first = 0; first < doc.chunks.length; first += maxBatchSize) {
    const chunks = doc.chunks.slice(first, first + maxBatchSize);
    const batch = encodeChunks(text, chunks, vocabulary);
    const output = await tagger(batch);
    chunks.forEach((chunk, row) => {
      const length = chunk.end - chunk.start;
      const from = row * batch.length * output.tags;
      const emissions = output.emissions.subarray(from, from + length * output.tags);
      const decoded = output.crf ? decodeCrf(emissions, length, output.crf) : decodeArgmax(emissions, length, output.tags);
      entities.push(...entitiesFromTags(text, chunk.start, decoded));
      const router = output.router;
      if (!router) return;
      experts ??= { characters: 0, topK: router.topK, routed: new Array<number>(router.experts).fill(0), weight: new Array<number>(router.experts).fill(0) };
      const usage: ExpertUsage = experts;
      for (let i = 0; i < length; i += 1) {
        const base = (row * batch.length + i) * router.topK;
        for (let k = 0; k < router.topK; k += 1) {
          const expert = router.indices[base + k] ?? 0;
          usage.routed[expert] = (usage.routed[expert] ?? 0) + 1;
          usage.weight[expert] = (usage.weight[expert] ?? 0) + (router.weights[base + k] ?? 0);
        }
      }
      usage.characters += length;
    });
  }
  const usage = experts as ExpertUsage | null;
  if (usage && usage.characters > 0) usage.weight = usage.weight.map((w) => Math.round((w / usage.characters) * 1000) / 1000);
  return { entities, experts: usage };
}

export function assembleExtraction(doc: PreparedDocument, entities: readonly TaggedEntity[], modelVersion: string): Extraction {
  return {
    language: doc.language,
    patient: assemblePatient(doc, entities),
    diagnoses: assembleDiagnoses(doc, entities),
    medications: assembleMedications(doc, entities),
    advice: assembleAdvice(doc, entities),
    modelVersion,
  };
}

/** Extracts the contract's object from one stored document. */
export async function extract(text: string, tagger: Tagger, options: ExtractOptions): Promise<ExtractionResult> {
  const doc = prepareDocument(text, options.maxChunkLength ?? DEFAULT_CHUNK_LENGTH);
  const { entities, experts } = await tagDocument(doc, tagger, options.vocabulary, options.maxBatchSize);
  return { extraction: assembleExtraction(doc, entities, options.modelVersion), entities, experts };
}
