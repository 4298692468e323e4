import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@mosaic/platform-config';
import type { RecordsConfig } from '../config/records.config';

const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class DecryptionError extends Error {
  override name = 'DecryptionError';
}

/**
 * AES-256-GCM for patient data at rest. A sealed value carries the id of its key, so rows sealed
 * before a rotation stay readable as long as their key stays in the ring; new rows use the active
 * key. Each value is bound to where it lives (table, row, column) as associated data, so a
 * ciphertext copied into another row or column fails to open instead of showing the wrong patient.
 *
 * Layout: version (1) | key id length (1) | key id | iv (12) | tag (16) | ciphertext.
 */
@Injectable()
export class RecordCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;
  readonly activeKeyId: string;

  constructor(@Inject(APP_CONFIG) config: Pick<RecordsConfig, 'RECORDS_ENCRYPTION_KEYS' | 'RECORDS_ENCRYPTION_KEY_ID'>) {
    this.keys = config.RECORDS_ENCRYPTION_KEYS;
    this.activeKeyId = config.RECORDS_ENCRYPTION_KEY_ID;
  }

  seal(plain: string | Buffer, context: string): Buffer {
    const key = this.keys.get(this.activeKeyId);
    if (!key) throw new Error(`encryption key ${this.activeKeyId} is not configured`);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(typeof plain === 'string' ? Buffer.from(plain, 'utf8') : plain), cipher.final()]);
    const id = Buffer.from(this.activeKeyId, 'ascii');
    return Buffer.concat([Buffer.from([FORMAT_VERSION, id.length]), id, iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Uint8Array, context: string): Buffer {
    const data = Buffer.from(sealed);
    if (data.length < 2 || data[0] !== FORMAT_VERSION) throw new DecryptionError('unknown ciphertext format');
    const idLength = data[1] as number;
    const ivAt = 2 + idLength;
    const keyId = data.subarray(2, ivAt).toString('ascii');
    const key = this.keys.get(keyId);
    if (!key) throw new DecryptionError(`ciphertext sealed under key ${keyId}, which is not configured`);
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(ivAt, ivAt + IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(data.subarray(ivAt + IV_BYTES, ivAt + IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(data.subarray(ivAt + IV_BYTES + TAG_BYTES)), decipher.final()]);
    } catch {
      throw new DecryptionError(`ciphertext under key ${keyId} failed authentication (tampered, or moved from another row)`);
    }
  }

  openText(sealed: Uint8Array, context: string): string {
    return this.open(sealed, context).toString('utf8');
  }

  sealJson(value: unknown, context: string): Buffer {
    return this.seal(JSON.stringify(value), context);
  }

  openJson<T>(sealed: Uint8Array, context: string): T {
    const text = this.openText(sealed, context);
    try {
      return JSON.parse(text) as T;
    } catch {
      // JSON.parse's message quotes the input, which is patient data: say only what went wrong.
      throw new DecryptionError(`the value at ${context} is not JSON`);
    }
  }
}

/** The key id a sealed value names, without opening it. */
export function sealedKeyId(sealed: Uint8Array): string {
  const idLength = sealed[1] ?? 0;
  return Buffer.from(sealed.subarray(2, 2 + idLength)).toString('ascii');
}
