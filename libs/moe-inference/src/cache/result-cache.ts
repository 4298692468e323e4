/**
 * An LRU cache with a time to live, keyed by a hash of the inputs, for hot repeated requests. Off by
 * default: a model whose inputs do not carry all the state its answer depends on must not use it.
 */
import { createHash } from 'node:crypto';
import type { HostTensor } from '../backend/onnx-backend';

export interface CacheOptions {
  maxEntries: number;
  ttlMs: number;
}

export function hashFeeds(feeds: Record<string, HostTensor>): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(feeds).sort()) {
    const tensor = feeds[name] as HostTensor;
    hash.update(`${name}\u0000${tensor.type}\u0000${tensor.dims.join(',')}\u0000`);
    hash.update(new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
  }
  return hash.digest('hex');
}

export class ResultCache<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();
  private hitCount = 0;
  private missCount = 0;

  constructor(
    private readonly options: CacheOptions,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= this.now()) {
      if (entry) this.entries.delete(key);
      this.missCount++;
      return undefined;
    }
    // Re-inserting moves the key to the most recently used end of the Map's order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hitCount++;
    return entry.value;
  }

  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.options.ttlMs });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get hits(): number {
    return this.hitCount;
  }

  get misses(): number {
    return this.missCount;
  }

  get hitRate(): number {
    const lookups = this.hitCount + this.missCount;
    return lookups === 0 ? 0 : this.hitCount / lookups;
  }
}
