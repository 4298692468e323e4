/**
 * Text normalisation that never loses its way back: every character of the normalised text knows
 * the [start, end) range of the stored text it came from, so a span found on normalised text is
 * reported in the stored text's coordinates (UTF-16 code units, as JavaScript indexes strings).
 */
export interface NormalizedText {
  text: string;
  /** starts[i], ends[i]: the stored-text range that normalised character i stands for. */
  starts: Int32Array;
  ends: Int32Array;
  originalLength: number;
}

const FULL_WIDTH_FIRST = 0xff01;
const FULL_WIDTH_LAST = 0xff5e;
const FULL_WIDTH_OFFSET = 0xfee0;
const INVISIBLE = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad]);
const SPACES = new Set([0x09, 0x0b, 0x0c, 0x20, 0xa0, 0x1680, 0x202f, 0x205f, 0x3000]);

function isSpace(code: number): boolean {
  return SPACES.has(code) || (code >= 0x2000 && code <= 0x200a);
}

export function isCjk(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff);
}

interface Piece {
  char: string;
  start: number;
  end: number;
}

/** Folds width and whitespace one stored character (or surrogate pair) at a time. */
function foldCharacters(stored: string): Piece[] {
  const pieces: Piece[] = [];
  for (let i = 0; i < stored.length; ) {
    const code = stored.codePointAt(i) ?? 0;
    const width = code > 0xffff ? 2 : 1;
    const start = i;
    i += width;
    if (INVISIBLE.has(code)) continue;
    if (code === 0x0d) {
      if (stored.charCodeAt(i) === 0x0a) i += 1;
      pieces.push({ char: '\n', start, end: i });
    } else if (code === 0x0a || code === 0x2028 || code === 0x2029) {
      pieces.push({ char: '\n', start, end: i });
    } else if (isSpace(code)) {
      pieces.push({ char: ' ', start, end: i });
    } else if (code >= FULL_WIDTH_FIRST && code <= FULL_WIDTH_LAST) {
      pieces.push({ char: String.fromCharCode(code - FULL_WIDTH_OFFSET), start, end: i });
    } else if (width === 2) {
      // One model character per stored character, so astral symbols become one replacement character.
      pieces.push({ char: '\ufffd', start, end: i });
    } else {
      pieces.push({ char: stored[start] ?? '', start, end: i });
    }
  }
  return pieces;
}

/**
 * Collapses runs of spaces, trims every line, keeps at most one blank line in a row, and drops the
 * spaces that PDF text layers put between two Chinese characters.
 */
function layoutLines(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  let blankLines = 0;
  let lineHasText = false;
  let pendingSpace: Piece | null = null;
  for (const piece of pieces) {
    if (piece.char === '\n') {
      pendingSpace = null;
      if (!lineHasText) {
        blankLines += 1;
        if (blankLines > 1 || out.length === 0) continue;
      } else {
        blankLines = 0;
      }
      out.push(piece);
      lineHasText = false;
      continue;
    }
    if (piece.char === ' ') {
      if (lineHasText && pendingSpace === null) pendingSpace = piece;
      continue;
    }
    if (pendingSpace) {
      const previous = out[out.length - 1];
      const left = previous?.char ?? '';
      const cjkLeft = isCjk(left.charCodeAt(0));
      const cjkRight = isCjk(piece.char.charCodeAt(0));
      const punctuation = (ch: string) => /[\p{P}]/u.test(ch);
      const betweenCjk = (cjkLeft && (cjkRight || punctuation(piece.char))) || (cjkRight && punctuation(left));
      if (!betweenCjk) out.push(pendingSpace);
      pendingSpace = null;
    }
    out.push(piece);
    lineHasText = true;
  }
  while (out.length > 0 && out[out.length - 1]?.char === '\n') out.pop();
  return out;
}

export function normalizeText(stored: string): NormalizedText {
  const pieces = layoutLines(foldCharacters(stored));
  const starts = new Int32Array(pieces.length);
  const ends = new Int32Array(pieces.length);
  pieces.forEach((piece, i) => {
    starts[i] = piece.start;
    ends[i] = piece.end;
  });
  return { text: pieces.map((p) => p.char).join(''), starts, ends, originalLength: stored.length };
}

/** A [start, end) span of the normalised text in stored-text coordinates. */
export function toStoredSpan(normalized: NormalizedText, start: number, end: number): [number, number] {
  if (end <= start) {
    const at = start < normalized.starts.length ? (normalized.starts[start] ?? 0) : normalized.originalLength;
    return [at, at];
  }
  return [normalized.starts[start] ?? 0, normalized.ends[end - 1] ?? normalized.originalLength];
}

/**
 * The smallest normalised span covering the stored span [start, end), or null when every stored
 * character in it was dropped (whitespace only). Used to carry gold annotations onto normalised text.
 */
export function toNormalizedSpan(normalized: NormalizedText, start: number, end: number): [number, number] | null {
  let first = -1;
  let last = -1;
  for (let i = 0; i < normalized.starts.length; i += 1) {
    const s = normalized.starts[i] ?? 0;
    const e = normalized.ends[i] ?? 0;
    if (e <= start) continue;
    if (s >= end) break;
    if (first < 0) first = i;
    last = i;
  }
  return first < 0 ? null : [first, last + 1];
}
