import type { HostTensor } from '../backend/onnx-backend';
import { ResultCache, hashFeeds } from './result-cache';

const tensor = (values: number[], dims = [values.length]): HostTensor => ({ type: 'float32', dims, data: Float32Array.from(values) });

describe('hashFeeds', () => {
  it('depends on values, dims and names, not on key order', () => {
    const base = hashFeeds({ a: tensor([1, 2]), b: tensor([3]) });
    expect(hashFeeds({ b: tensor([3]), a: tensor([1, 2]) })).toBe(base);
    expect(hashFeeds({ a: tensor([1, 2.5]), b: tensor([3]) })).not.toBe(base);
    expect(hashFeeds({ a: tensor([1, 2], [1, 2]), b: tensor([3]) })).not.toBe(base);
    expect(hashFeeds({ c: tensor([1, 2]), b: tensor([3]) })).not.toBe(base);
  });
});

describe('ResultCache', () => {
  it('evicts the least recently used entry beyond maxEntries', () => {
    const cache = new ResultCache<string>({ maxEntries: 2, ttlMs: 1000 });
    cache.set('a', 'A');
    cache.set('b', 'B');
    expect(cache.get('a')).toBe('A');
    cache.set('c', 'C');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
  });

  it('expires entries after the TTL and reports the hit rate', () => {
    let now = 0;
    const cache = new ResultCache<string>({ maxEntries: 10, ttlMs: 100 }, () => now);
    cache.set('a', 'A');
    expect(cache.get('a')).toBe('A');
    now = 100;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.hitRate).toBe(0.5);
    expect(cache.size).toBe(0);
  });
});
