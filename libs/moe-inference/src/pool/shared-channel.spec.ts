import type { HostTensor } from '../backend/onnx-backend';
import { Channel, FAILED } from './shared-channel';

const tensors = (): Record<string, HostTensor> => {
  const big = new Float32Array([9, 9, 1.5, -2, 9]);
  return {
    view: { type: 'float32', dims: [1, 2], data: big.subarray(2, 4) },
    'ids·日本': { type: 'int64', dims: [3], data: new BigInt64Array([1n, -2n, 3n]) },
    mask: { type: 'bool', dims: [3], data: new Uint8Array([1, 0, 1]) },
    counts: { type: 'int32', dims: [2, 1], data: new Int32Array([7, -8]) },
    empty: { type: 'float32', dims: [0, 4], data: new Float32Array(0) },
  };
};

describe('shared channel', () => {
  it('round-trips every tensor type, views into larger buffers, odd byte lengths and non-ASCII names, as copies', () => {
    const channel = Channel.create(1024);
    expect(channel.writeTensors(tensors())).toBe(true);
    // Another thread sees the same memory: a second Channel over the same buffer reads what the first wrote.
    const back = new Channel(channel.buffer).readTensors();
    expect(Object.keys(back)).toEqual(Object.keys(tensors()));
    expect(back['view']).toEqual({ type: 'float32', dims: [1, 2], data: new Float32Array([1.5, -2]) });
    expect(Array.from(back['ids·日本']?.data as BigInt64Array)).toEqual([1n, -2n, 3n]);
    expect(back['mask']).toEqual({ type: 'bool', dims: [3], data: new Uint8Array([1, 0, 1]) });
    expect(back['counts']).toEqual({ type: 'int32', dims: [2, 1], data: new Int32Array([7, -8]) });
    expect(back['empty']?.dims).toEqual([0, 4]);
    // Reading copies: the channel is reused by the next call without touching what the caller holds.
    expect((back['view']?.data.buffer as ArrayBufferLike) instanceof SharedArrayBuffer).toBe(false);
    channel.writeTensors({ view: { type: 'float32', dims: [1, 2], data: new Float32Array([0, 0]) } });
    expect(Array.from(back['view']?.data as Float32Array)).toEqual([1.5, -2]);
  });

  it('refuses tensors that do not fit, writing nothing', () => {
    const channel = Channel.create(64);
    expect(channel.writeTensors({ small: { type: 'float32', dims: [2], data: new Float32Array([1, 2]) } })).toBe(true);
    expect(channel.writeTensors({ large: { type: 'float32', dims: [64], data: new Float32Array(64) } })).toBe(false);
    expect(channel.readTensors()).toEqual({ small: { type: 'float32', dims: [2], data: new Float32Array([1, 2]) } });
  });

  it('makes a channel of its own just large enough for tensors too large for the usual ones', () => {
    const large = { big: { type: 'float32' as const, dims: [1000], data: new Float32Array(1000).fill(2.5) } };
    const own = Channel.holding(large);
    expect(own.buffer.byteLength).toBeLessThan(4100 + 64);
    expect(new Channel(own.buffer).readTensors()).toEqual(large);
  });

  it('carries an error text', () => {
    const channel = Channel.create(64);
    channel.writeText('input x has the wrong shape');
    channel.publish(FAILED);
    const seen = new Channel(channel.buffer);
    expect(seen.state).toBe(FAILED);
    expect(seen.readText()).toBe('input x has the wrong shape');
  });
});
