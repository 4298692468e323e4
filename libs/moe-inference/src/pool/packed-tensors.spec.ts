import type { HostTensor } from '../backend/onnx-backend';
import { packTensors, unpackTensors } from './packed-tensors';

describe('packed tensors', () => {
  it('round-trips every tensor type through a transfer, including views into larger buffers and odd byte lengths', () => {
    const big = new Float32Array([9, 9, 1.5, -2, 9]);
    const tensors: Record<string, HostTensor> = {
      view: { type: 'float32', dims: [1, 2], data: big.subarray(2, 4) },
      ids: { type: 'int64', dims: [3], data: new BigInt64Array([1n, -2n, 3n]) },
      mask: { type: 'bool', dims: [3], data: new Uint8Array([1, 0, 1]) },
      counts: { type: 'int32', dims: [2], data: new Int32Array([7, -8]) },
      after: { type: 'int64', dims: [1], data: new BigInt64Array([42n]) },
    };
    const packed = packTensors(tensors);
    const back = unpackTensors(structuredClone(packed, { transfer: [packed.buffer] }));
    expect(Object.keys(back)).toEqual(Object.keys(tensors));
    expect(Array.from(back['view']?.data as Float32Array)).toEqual([1.5, -2]);
    expect(back['view']?.dims).toEqual([1, 2]);
    expect(Array.from(back['ids']?.data as BigInt64Array)).toEqual([1n, -2n, 3n]);
    expect(Array.from(back['mask']?.data as Uint8Array)).toEqual([1, 0, 1]);
    expect(Array.from(back['counts']?.data as Int32Array)).toEqual([7, -8]);
    expect(Array.from(back['after']?.data as BigInt64Array)).toEqual([42n]);
    // The caller's arrays are copied, never transferred away.
    expect(Array.from(big)).toEqual([9, 9, 1.5, -2, 9]);
  });

  it('packs an empty set', () => {
    expect(unpackTensors(packTensors({}))).toEqual({});
  });
});
