/**
 * The serving path up to the model's input: normalise, detect the language, split sections and
 * sentences, and pack the sentences into chunks. The dataset tool prepares training documents with
 * this same function, so training and serving see identical tensors.
 */
import type { Language } from '../context/context-rules';
import { isCjk, normalizeText, type NormalizedText } from '../normalization/text-normalizer';
import { packChunks, type Chunk } from '../segmentation/chunker';
import { splitSections, type Section } from '../segmentation/section-splitter';
import { splitSentences, type Sentence } from '../segmentation/sentence-splitter';

export const DEFAULT_CHUNK_LENGTH = 160;

export interface PreparedDocument {
  stored: string;
  normalized: NormalizedText;
  language: Language;
  sections: Section[];
  sentences: Sentence[];
  chunks: Chunk[];
}

/** Chinese when at least a fifth of the letters are Chinese characters (Chinese packs more per character). */
export function detectLanguage(text: string): Language {
  let cjk = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (isCjk(code)) cjk += 1;
    else if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) latin += 1;
  }
  return cjk > 0 && cjk * 4 >= latin ? 'zh' : latin > 0 ? 'en' : 'zh';
}

export function prepareDocument(stored: string, maxChunkLength = DEFAULT_CHUNK_LENGTH): PreparedDocument {
  const normalized = normalizeText(stored);
  const text = normalized.text;
  const sections = splitSections(text);
  // Headings are their own sentences, so "诊断：" never joins the sentence after it.
  const sentences = sections.flatMap((section) => [
    ...(section.contentStart > section.start ? splitSentences(text, section.start, section.contentStart) : []),
    ...splitSentences(text, section.contentStart, section.end),
  ]);
  return {
    stored,
    normalized,
    language: detectLanguage(text),
    sections,
    sentences,
    chunks: packChunks(text, sentences, maxChunkLength),
  };
}
