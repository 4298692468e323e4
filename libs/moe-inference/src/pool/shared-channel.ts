/**
 * A run crosses between the event loop and an inference worker through shared memory: each worker
 * owns `depth` channels, one SharedArrayBuffer each; a call is written into a free channel and the
 * answer read back from it, and the two sides wake each other through the worker's doorbell
 * (worker-protocol.ts) only when the other is asleep. Measured here against postMessage with one
 * transferred buffer: an empty round trip cost about half the CPU (no structured clone, no
 * MessagePort event on either side).
 *
 * Layout of a channel: four int32 words of header, then the payload from byte 16.
 *   STATE   FREE -> REQUEST (event loop wrote a call) -> DONE or FAILED (worker wrote the answer) -> FREE
 *   KEY     the graph's number in the pool
 *   MESSAGE 1 when the payload did not fit: it travels, in a channel of its own, as a message on the worker's port
 *   LENGTH  bytes of the payload (the error text when FAILED)
 * Tensors are encoded as a count, then per tensor: type, rank, name length, name, dims, byte length,
 * data (8-byte aligned). Reading copies out of the channel, which is reused by the next call.
 */
import { allocate } from '../backend/host-tensor';
import type { HostTensor, TensorData, TensorType } from '../backend/onnx-backend';

export const STATE = 0;
export const KEY = 1;
export const MESSAGE = 2;
export const LENGTH = 3;

export const FREE = 0;
export const REQUEST = 1;
export const DONE = 2;
export const FAILED = 3;

const PAYLOAD = 16;

const types: readonly TensorType[] = ['float32', 'int64', 'int32', 'uint8', 'bool'];
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A model's tensor names are few and fixed: each is encoded once, and ASCII ones decode without a copy. */
const encodedNames = new Map<string, Uint8Array>();
function encodeName(name: string): Uint8Array {
  let encoded = encodedNames.get(name);
  if (!encoded) {
    encoded = encoder.encode(name);
    if (encodedNames.size < 4096) encodedNames.set(name, encoded);
  }
  return encoded;
}

const align = (n: number, to: number) => Math.ceil(n / to) * to;

export class Channel {
  readonly header: Int32Array;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, 4);
    this.bytes = new Uint8Array(buffer);
    this.view = new DataView(buffer);
  }

  static create(bytes: number): Channel {
    return new Channel(new SharedArrayBuffer(PAYLOAD + align(bytes, 8)));
  }

  get state(): number {
    return Atomics.load(this.header, STATE);
  }

  /** Publishes the payload written before it (the store is sequentially consistent). */
  publish(state: number): void {
    Atomics.store(this.header, STATE, state);
  }

  /** A channel of its own for tensors too large for the usual ones, sent whole over the worker's port. */
  static holding(tensors: Record<string, HostTensor>): Channel {
    const channel = Channel.create(payloadBytes(tensors));
    channel.writeTensors(tensors);
    return channel;
  }

  /** Writes the tensors as the payload; false (nothing written) when they do not fit. */
  writeTensors(tensors: Record<string, HostTensor>): boolean {
    if (PAYLOAD + payloadBytes(tensors) > this.buffer.byteLength) return false;
    const names = Object.keys(tensors);
    const view = this.view;
    let at = PAYLOAD;
    view.setUint32(at, names.length, true);
    at += 4;
    for (const name of names) {
      const tensor = tensors[name] as HostTensor;
      const nameBytes = encodeName(name);
      view.setUint8(at, types.indexOf(tensor.type));
      view.setUint8(at + 1, tensor.dims.length);
      view.setUint16(at + 2, nameBytes.length, true);
      this.bytes.set(nameBytes, at + 4);
      at = align(at + 4 + nameBytes.length, 4);
      for (const dim of tensor.dims) {
        view.setInt32(at, dim, true);
        at += 4;
      }
      view.setUint32(at, tensor.data.byteLength, true);
      at = align(at + 4, 8);
      this.bytes.set(new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength), at);
      at += align(tensor.data.byteLength, 8);
    }
    this.header[LENGTH] = at - PAYLOAD;
    return true;
  }

  /** Copies the payload's tensors out of the channel. */
  readTensors(): Record<string, HostTensor> {
    const view = this.view;
    let at = PAYLOAD;
    const count = view.getUint32(at, true);
    at += 4;
    const tensors: Record<string, HostTensor> = {};
    for (let t = 0; t < count; t++) {
      const type = types[view.getUint8(at)] as TensorType;
      const rank = view.getUint8(at + 1);
      const nameLength = view.getUint16(at + 2, true);
      const name = decodeName(this.bytes.subarray(at + 4, at + 4 + nameLength));
      at = align(at + 4 + nameLength, 4);
      const dims: number[] = [];
      for (let d = 0; d < rank; d++, at += 4) dims.push(view.getInt32(at, true));
      const byteLength = view.getUint32(at, true);
      at = align(at + 4, 8);
      const data: TensorData = allocate(type, byteLength / bytesPerElement(type));
      new Uint8Array(data.buffer, data.byteOffset, byteLength).set(this.bytes.subarray(at, at + byteLength));
      at += align(byteLength, 8);
      tensors[name] = { type, dims, data };
    }
    return tensors;
  }

  writeText(text: string): void {
    const { written } = encoder.encodeInto(text, this.bytes.subarray(PAYLOAD));
    this.header[LENGTH] = written;
  }

  readText(): string {
    return decoder.decode(this.bytes.slice(PAYLOAD, PAYLOAD + (this.header[LENGTH] ?? 0)));
  }
}

/** Bytes of the payload that holds these tensors. */
function payloadBytes(tensors: Record<string, HostTensor>): number {
  let size = 4;
  for (const name in tensors) {
    const tensor = tensors[name] as HostTensor;
    size = align(align(size + 4 + encodeName(name).length, 4) + 4 * tensor.dims.length + 4, 8) + align(tensor.data.byteLength, 8);
  }
  return size;
}

function decodeName(bytes: Uint8Array): string {
  let name = '';
  for (const byte of bytes) {
    // TextDecoder refuses views of shared memory: anything but ASCII is copied out first.
    if (byte >= 0x80) return decoder.decode(bytes.slice());
    name += String.fromCharCode(byte);
  }
  return name;
}

function bytesPerElement(type: TensorType): number {
  switch (type) {
    case 'float32':
    case 'int32':
      return 4;
    case 'int64':
      return 8;
    case 'uint8':
    case 'bool':
      return 1;
  }
}
