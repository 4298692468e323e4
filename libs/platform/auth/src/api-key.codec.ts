import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * An API key is `mk_<prefix>_<secret>`: the prefix finds the row, the secret proves possession.
 * Keys are 256-bit random, so a fast SHA-256 is the right hash (a slow password hash would add tens of
 * milliseconds to every request and buys nothing against a key that cannot be guessed).
 */
const KEY_PATTERN = /^mk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface ParsedKey {
  prefix: string;
  secret: string;
}

export function generateApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `mk_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

export function parseApiKey(key: string): ParsedKey | null {
  const match = KEY_PATTERN.exec(key.trim());
  return match ? { prefix: match[1] as string, secret: match[2] as string } : null;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, expectedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), 'hex');
  const expected = Buffer.from(expectedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
