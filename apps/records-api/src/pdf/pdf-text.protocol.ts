/** Messages between PdfTextReader and its worker thread. */
export interface PdfTextRequest {
  id: number;
  bytes: Uint8Array;
}

/** Why a PDF yields no text: each maps to a reason a client can act on. */
export type PdfFailure = 'password' | 'malformed';

export type PdfTextResponse =
  | { id: number; ok: true; text: string; pages: number }
  | { id: number; ok: false; failure: PdfFailure };
