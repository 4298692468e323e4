import { DecryptionError, RecordCipher, sealedKeyId } from './record-cipher';

const key = (fill: number) => Buffer.alloc(32, fill);

describe('RecordCipher', () => {
  const old = new RecordCipher({ RECORDS_ENCRYPTION_KEYS: new Map([['k1', key(1)]]), RECORDS_ENCRYPTION_KEY_ID: 'k1' });
  const rotated = new RecordCipher({ RECORDS_ENCRYPTION_KEYS: new Map([['k1', key(1)], ['k2', key(2)]]), RECORDS_ENCRYPTION_KEY_ID: 'k2' });

  it('round-trips text and JSON, and the sealed bytes hold no plain text', () => {
    const sealed = old.seal('姓名：张伟 diabetes', 'record_documents:1:text');
    expect(sealed.toString('utf8')).not.toContain('diabetes');
    expect(sealed.toString('utf8')).not.toContain('张伟');
    expect(old.openText(sealed, 'record_documents:1:text')).toBe('姓名：张伟 diabetes');
    expect(old.openJson(old.sealJson({ a: [1, null] }, 'x'), 'x')).toEqual({ a: [1, null] });
  });

  it('seals the same text differently each time (random IV)', () => {
    expect(old.seal('same', 'c').equals(old.seal('same', 'c'))).toBe(false);
  });

  it('keeps rows sealed under an older key readable after a rotation, and seals new rows under the active key', () => {
    const before = old.seal('before rotation', 'c');
    expect(sealedKeyId(before)).toBe('k1');
    expect(rotated.openText(before, 'c')).toBe('before rotation');
    const after = rotated.seal('after rotation', 'c');
    expect(sealedKeyId(after)).toBe('k2');
    expect(() => old.open(after, 'c')).toThrow(/key k2, which is not configured/);
  });

  it('refuses a value moved to another row or column, or tampered with', () => {
    const sealed = old.seal('text', 'record_documents:1:text');
    expect(() => old.open(sealed, 'record_documents:2:text')).toThrow(DecryptionError);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(() => old.open(tampered, 'record_documents:1:text')).toThrow(/failed authentication/);
    expect(() => old.open(Buffer.from([9, 0]), 'c')).toThrow(/unknown ciphertext format/);
  });
});
