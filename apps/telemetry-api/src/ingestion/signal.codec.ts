/**
 * Raw signals travel and rest as little-endian float32: 4 bytes a sample instead of the 8 to 20 of
 * a JSON number, stored in chunks of bounded size.
 */
import { endianness } from 'node:os';

const LITTLE_ENDIAN = endianness() === 'LE';

export interface SignalChunk {
  seq: number;
  samples: number;
  data: Uint8Array<ArrayBuffer>;
}

/** Reads float32 LE samples; the caller has checked that the length is a multiple of 4. */
export function decodeFloat32(bytes: Uint8Array, byteOffset = 0, count = (bytes.byteLength - byteOffset) / 4): Float32Array {
  const start = bytes.byteOffset + byteOffset;
  if (LITTLE_ENDIAN && start % 4 === 0) return new Float32Array(bytes.buffer.slice(start, start + count * 4));
  const view = new DataView(bytes.buffer, start, count * 4);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

export function encodeFloat32(samples: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  const values = samples instanceof Float32Array ? samples : Float32Array.from(samples);
  if (LITTLE_ENDIAN) return new Uint8Array(values.slice().buffer);
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

/** Cuts a channel into chunks of at most `chunkSamples` samples. */
export function toChunks(samples: Float32Array, chunkSamples: number): SignalChunk[] {
  const chunks: SignalChunk[] = [];
  for (let seq = 0, start = 0; start < samples.length; seq++, start += chunkSamples) {
    const part = samples.subarray(start, Math.min(samples.length, start + chunkSamples));
    chunks.push({ seq, samples: part.length, data: encodeFloat32(part) });
  }
  return chunks;
}

/** Joins a channel's chunks, given in `seq` order. */
export function fromChunks(chunks: readonly { samples: number; data: Uint8Array }[]): Float32Array {
  const total = chunks.reduce((sum, c) => sum + c.samples, 0);
  const out = new Float32Array(total);
  let at = 0;
  for (const chunk of chunks) {
    if (chunk.data.byteLength !== chunk.samples * 4) throw new Error(`a stored chunk holds ${chunk.data.byteLength} bytes for ${chunk.samples} samples`);
    out.set(decodeFloat32(chunk.data), at);
    at += chunk.samples;
  }
  return out;
}

/** Index of the first NaN or infinite sample, or -1. */
export function firstNonFinite(samples: ArrayLike<number>): number {
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i] as number;
    if (v - v !== 0) return i;
  }
  return -1;
}
