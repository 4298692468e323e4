/** Row-wise helpers over HostTensors: batching stacks requests along axis 0 and splits results back. */
import type { HostTensor, TensorData, TensorType } from './onnx-backend';

export function allocate(type: TensorType, length: number): TensorData {
  switch (type) {
    case 'float32':
      return new Float32Array(length);
    case 'int64':
      return new BigInt64Array(length);
    case 'int32':
      return new Int32Array(length);
    case 'uint8':
    case 'bool':
      return new Uint8Array(length);
  }
}

export function elementCount(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** Stacks tensors that agree on type and on every dimension but the first. */
export function concatRows(parts: readonly HostTensor[]): HostTensor {
  const first = parts[0];
  if (!first) throw new Error('concatRows needs at least one tensor');
  if (parts.length === 1) return first;
  const rows = parts.reduce((n, t) => n + (t.dims[0] ?? 1), 0);
  const data = allocate(first.type, parts.reduce((n, t) => n + t.data.length, 0));
  let offset = 0;
  for (const part of parts) {
    // The union of typed arrays has no common set(); every part has first's type, checked upstream.
    (data as Float32Array).set(part.data as Float32Array, offset);
    offset += part.data.length;
  }
  return { type: first.type, dims: [rows, ...first.dims.slice(1)], data };
}

/** A copy of rows [start, end) so that a caller's result does not pin the whole batch in memory. */
export function sliceRows(tensor: HostTensor, start: number, end: number): HostTensor {
  const rowSize = tensor.dims.slice(1).reduce((a, b) => a * b, 1);
  return { type: tensor.type, dims: [end - start, ...tensor.dims.slice(1)], data: tensor.data.slice(start * rowSize, end * rowSize) };
}
