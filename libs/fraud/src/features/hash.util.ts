/**
 * FNV-1a (32-bit) over the UTF-16 code units of a string. Stable across processes and languages (the
 * Python trainer never hashes: it reads the ids this produces), cheap, and good enough for buckets.
 */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
