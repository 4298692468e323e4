/**
 * A reader for MATLAB Level 5 .mat files, limited to what the CWRU bearing files need: little-endian
 * files of numeric (real) matrices, stored plain or zlib-compressed (miCOMPRESSED). Other variables
 * (cells, structs, strings, sparse) are skipped, not misread.
 */
import { inflateSync } from 'node:zlib';

const HEADER_BYTES = 128;

const MI = { INT8: 1, UINT8: 2, INT16: 3, UINT16: 4, INT32: 5, UINT32: 6, SINGLE: 7, DOUBLE: 9, INT64: 12, UINT64: 13, MATRIX: 14, COMPRESSED: 15 } as const;

/** mxCLASS ids of numeric arrays: double, single, int8 ... uint64. */
const NUMERIC_CLASSES = new Set([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
const COMPLEX_FLAG = 0x0800;

export interface MatVariable {
  name: string;
  dims: number[];
  /** Column-major values, converted to float64 whatever the stored type. */
  data: Float64Array;
}

export class MatFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MatFileError';
  }
}

interface Element {
  type: number;
  data: Buffer;
  /** Offset just past this element, padding included. */
  next: number;
}

function readElement(buffer: Buffer, offset: number): Element {
  if (offset + 8 > buffer.length) throw new MatFileError(`truncated element tag at byte ${offset}`);
  const first = buffer.readUInt32LE(offset);
  // Small data element format: the byte count sits in the upper half of the first word and the data in the next four bytes.
  if (first >>> 16 !== 0) {
    const bytes = first >>> 16;
    if (bytes > 4) throw new MatFileError(`small element of ${bytes} bytes at byte ${offset}`);
    return { type: first & 0xffff, data: buffer.subarray(offset + 4, offset + 4 + bytes), next: offset + 8 };
  }
  const bytes = buffer.readUInt32LE(offset + 4);
  const start = offset + 8;
  if (start + bytes > buffer.length) throw new MatFileError(`element at byte ${offset} claims ${bytes} bytes past the end of the file`);
  // Compressed elements are not padded; every other element is padded to 8 bytes.
  const next = first === MI.COMPRESSED ? start + bytes : start + Math.ceil(bytes / 8) * 8;
  return { type: first, data: buffer.subarray(start, start + bytes), next };
}

function numericValues(element: Element): Float64Array {
  const { type, data } = element;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const width = { [MI.INT8]: 1, [MI.UINT8]: 1, [MI.INT16]: 2, [MI.UINT16]: 2, [MI.INT32]: 4, [MI.UINT32]: 4, [MI.SINGLE]: 4, [MI.DOUBLE]: 8, [MI.INT64]: 8, [MI.UINT64]: 8 }[type];
  if (width === undefined) throw new MatFileError(`unsupported numeric data type ${type}`);
  const count = Math.floor(data.byteLength / width);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const at = i * width;
    switch (type) {
      case MI.INT8: out[i] = view.getInt8(at); break;
      case MI.UINT8: out[i] = view.getUint8(at); break;
      case MI.INT16: out[i] = view.getInt16(at, true); break;
      case MI.UINT16: out[i] = view.getUint16(at, true); break;
      case MI.INT32: out[i] = view.getInt32(at, true); break;
      case MI.UINT32: out[i] = view.getUint32(at, true); break;
      case MI.SINGLE: out[i] = view.getFloat32(at, true); break;
      case MI.DOUBLE: out[i] = view.getFloat64(at, true); break;
      case MI.INT64: out[i] = Number(view.getBigInt64(at, true)); break;
      default: out[i] = Number(view.getBigUint64(at, true));
    }
  }
  return out;
}

function readMatrix(data: Buffer): MatVariable | undefined {
  const flags = readElement(data, 0);
  const flagWord = flags.data.readUInt32LE(0);
  const mxClass = flagWord & 0xff;
  const dimsElement = readElement(data, flags.next);
  const dims = Array.from(numericValues(dimsElement));
  const nameElement = readElement(data, dimsElement.next);
  const name = nameElement.data.toString('latin1');
  if (!NUMERIC_CLASSES.has(mxClass) || flagWord & COMPLEX_FLAG) return undefined;
  const real = readElement(data, nameElement.next);
  const values = numericValues(real);
  const expected = dims.reduce((a, b) => a * b, 1);
  if (values.length !== expected) throw new MatFileError(`${name}: dims ${dims.join('x')} hold ${expected} values, found ${values.length}`);
  return { name, dims, data: values };
}

function readElements(buffer: Buffer, offset: number, into: MatVariable[]): void {
  while (offset + 8 <= buffer.length) {
    const element = readElement(buffer, offset);
    if (element.type === MI.COMPRESSED) readElements(inflateSync(element.data), 0, into);
    else if (element.type === MI.MATRIX && element.data.length > 0) {
      const variable = readMatrix(element.data);
      if (variable) into.push(variable);
    }
    offset = element.next;
  }
}

/** Every numeric variable of a Level 5 .mat file, in file order. */
export function readMatFile(buffer: Buffer): MatVariable[] {
  if (buffer.length < HEADER_BYTES) throw new MatFileError('shorter than a MAT-file header');
  if (!buffer.subarray(0, 116).toString('latin1').startsWith('MATLAB 5.0 MAT-file')) {
    throw new MatFileError('not a MATLAB Level 5 MAT-file (v7.3 files are HDF5 and not supported)');
  }
  if (buffer.toString('latin1', 126, 128) !== 'IM') throw new MatFileError('big-endian MAT-files are not supported');
  const variables: MatVariable[] = [];
  readElements(buffer, HEADER_BYTES, variables);
  return variables;
}
