/**
 * How the TypeScript dataset tool hands tensors to the Python trainer: one raw little-endian file per
 * tensor and one JSON index per split. Python reads them with tools/training/mosaic_train/tensors.py.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type StoredArray = Float32Array | Int32Array | BigInt64Array | Uint8Array;

export interface StoredTensor {
  dims: number[];
  data: StoredArray;
}

interface IndexEntry {
  dtype: 'float32' | 'int32' | 'int64' | 'uint8';
  dims: number[];
  file: string;
}

function dtypeOf(data: StoredArray): IndexEntry['dtype'] {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof BigInt64Array) return 'int64';
  return 'uint8';
}

export function writeSplit(dir: string, split: string, tensors: Record<string, StoredTensor>, meta: Record<string, unknown> = {}): void {
  mkdirSync(dir, { recursive: true });
  const index: Record<string, IndexEntry> = {};
  for (const [name, tensor] of Object.entries(tensors)) {
    const expected = tensor.dims.reduce((a, b) => a * b, 1);
    if (expected !== tensor.data.length) {
      throw new Error(`tensor ${split}.${name}: dims ${tensor.dims.join('x')} hold ${expected} values, data has ${tensor.data.length}`);
    }
    const file = `${split}.${name}.bin`;
    writeFileSync(join(dir, file), Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
    index[name] = { dtype: dtypeOf(tensor.data), dims: tensor.dims, file };
  }
  writeFileSync(join(dir, `${split}.json`), JSON.stringify({ tensors: index, meta }, null, 2));
}

export function readSplit(dir: string, split: string): { tensors: Record<string, StoredTensor>; meta: Record<string, unknown> } {
  const { tensors: index, meta } = JSON.parse(readFileSync(join(dir, `${split}.json`), 'utf8')) as {
    tensors: Record<string, IndexEntry>;
    meta: Record<string, unknown>;
  };
  const tensors: Record<string, StoredTensor> = {};
  for (const [name, entry] of Object.entries(index)) {
    const bytes = readFileSync(join(dir, entry.file));
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const data =
      entry.dtype === 'float32'
        ? new Float32Array(buffer)
        : entry.dtype === 'int32'
          ? new Int32Array(buffer)
          : entry.dtype === 'int64'
            ? new BigInt64Array(buffer)
            : new Uint8Array(buffer);
    tensors[name] = { dims: entry.dims, data };
  }
  return { tensors, meta };
}
