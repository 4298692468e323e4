/**
 * The worker thread that reads PDF text layers with pdf.js (through unpdf). It runs apart from the
 * event loop and under memory limits, so a hostile or huge PDF costs this thread, never the API.
 * Nothing from the document is logged: pdf.js runs with its console output turned off.
 */
import { parentPort } from 'node:worker_threads';
import type { PdfFailure, PdfTextRequest, PdfTextResponse } from './pdf-text.protocol';

function classify(error: unknown): PdfFailure {
  return (error as Error)?.name === 'PasswordException' ? 'password' : 'malformed';
}

async function read(bytes: Uint8Array): Promise<{ text: string; pages: number }> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const pdf = await getDocumentProxy(bytes, { verbosity: 0, isEvalSupported: false, stopAtErrors: false });
  try {
    const { text, totalPages } = await extractText(pdf, { mergePages: false });
    return { text: text.join('\n\n'), pages: totalPages };
  } finally {
    await pdf.destroy();
  }
}

parentPort?.on('message', (request: PdfTextRequest) => {
  read(request.bytes).then(
    ({ text, pages }) => parentPort?.postMessage({ id: request.id, ok: true, text, pages } satisfies PdfTextResponse),
    (error: unknown) => parentPort?.postMessage({ id: request.id, ok: false, failure: classify(error) } satisfies PdfTextResponse),
  );
});
