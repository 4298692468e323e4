/**
 * What an upload must be before it is stored: readable text in a charset we know, or a file that
 * at least starts like a PDF. Every refusal names the problem without quoting the document.
 */
export type IntakeProblem = { status: 413 | 415 | 422; message: string };

export class IntakeError extends Error {
  override name = 'IntakeError';

  constructor(readonly problem: IntakeProblem) {
    super(problem.message);
  }
}

export const ACCEPTED_MEDIA_TYPES = ['text/plain', 'application/pdf'] as const;
export type AcceptedMediaType = (typeof ACCEPTED_MEDIA_TYPES)[number];

/** Charsets a text upload may declare, by their WHATWG label; Chinese hospital systems still export GB18030 and Big5. */
const CHARSETS: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'us-ascii': 'utf-8',
  gb18030: 'gb18030',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  big5: 'big5',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

export function parseMediaType(header: string | undefined): { type: string; charset?: string } {
  const [type = '', ...params] = (header ?? '').split(';').map((p) => p.trim());
  const charset = params
    .map((p) => /^charset\s*=\s*"?([^";]+)"?$/i.exec(p)?.[1])
    .find((c): c is string => c !== undefined);
  return { type: type.toLowerCase(), charset: charset?.toLowerCase() };
}

export function acceptedMediaType(type: string): AcceptedMediaType {
  if ((ACCEPTED_MEDIA_TYPES as readonly string[]).includes(type)) return type as AcceptedMediaType;
  throw new IntakeError({ status: 415, message: `files of type ${type || '(none)'} are not accepted; send text/plain or application/pdf` });
}

/** Share of characters that no clinical text contains: controls other than tab, newlines and form feed, and U+FFFD. */
const MAX_NOISE_SHARE = 0.02;

/** False for text that is really binary: a NUL, or more than a sliver of control characters. */
export function looksLikeText(text: string): boolean {
  let noise = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 0) return false;
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12) || code === 0x7f || code === 0xfffd) noise += 1;
  }
  return noise <= Math.max(1, text.length * MAX_NOISE_SHARE);
}

/** Decodes an uploaded text file strictly: a byte sequence that is not valid in its charset is refused, never guessed at. */
export function decodeTextFile(bytes: Uint8Array, declaredCharset?: string): string {
  let charset = declaredCharset ? CHARSETS[declaredCharset] : 'utf-8';
  if (!charset) throw new IntakeError({ status: 415, message: `charset ${declaredCharset} is not supported; use UTF-8, GB18030 or Big5` });
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) body = bytes.subarray(3);
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [charset, body] = ['utf-16le', bytes.subarray(2)];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [charset, body] = ['utf-16be', bytes.subarray(2)];
  let text: string;
  try {
    text = new TextDecoder(charset, { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    throw new IntakeError({
      status: 422,
      message: `the file is not valid ${charset.toUpperCase()} text${declaredCharset ? '' : ' (declare charset=gb18030 or big5 if it is in one of those)'}`,
    });
  }
  if (!looksLikeText(text)) throw new IntakeError({ status: 422, message: 'the file holds binary data, not text' });
  return text;
}

/** PDF readers accept a header anywhere in the first kilobyte; so do we. */
export function isPdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

/**
 * Text must say something: empty or whitespace-only documents are refused (unless `allowEmpty`: a
 * scanned PDF is stored and reported failed), as is text over the size limit.
 */
export function checkText(text: string, maxCharacters: number, allowEmpty = false): string {
  if (!allowEmpty && text.trim().length === 0) throw new IntakeError({ status: 422, message: 'the document holds no text (empty or only whitespace)' });
  if (text.length > maxCharacters) throw new IntakeError({ status: 413, message: `the document has ${text.length} characters; at most ${maxCharacters} are accepted` });
  return text;
}
