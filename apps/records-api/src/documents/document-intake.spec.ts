import { acceptedMediaType, checkText, decodeTextFile, isPdf, looksLikeText, parseMediaType } from './document-intake';

const problem = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { problem?: unknown }).problem;
  }
  return undefined;
};

describe('document intake', () => {
  it('reads media types and their charset', () => {
    expect(parseMediaType('text/plain; charset="GB18030"')).toEqual({ type: 'text/plain', charset: 'gb18030' });
    expect(parseMediaType('Application/PDF')).toEqual({ type: 'application/pdf', charset: undefined });
    expect(acceptedMediaType('application/pdf')).toBe('application/pdf');
    expect(problem(() => acceptedMediaType('image/png'))).toMatchObject({ status: 415 });
  });

  it('decodes UTF-8 (with or without a BOM), GB18030 when declared, and UTF-16 by its BOM', () => {
    expect(decodeTextFile(Buffer.from('\uFEFF诊断：高血压', 'utf8'))).toBe('诊断：高血压');
    expect(decodeTextFile(Buffer.from([0xd5, 0xc5, 0xce, 0xb0]), 'gb18030')).toBe('张伟');
    expect(decodeTextFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Dx: CHF', 'utf16le')]))).toBe('Dx: CHF');
  });

  it('refuses binary data labelled as text, undeclared GB18030, and unknown charsets', () => {
    const random = Buffer.from(Array.from({ length: 400 }, (_, i) => (i * 131 + 17) % 256));
    expect(problem(() => decodeTextFile(random))).toMatchObject({ status: 422 });
    expect(problem(() => decodeTextFile(Buffer.from([0xd5, 0xc5, 0xce, 0xb0])))).toMatchObject({ status: 422, message: expect.stringContaining('gb18030') });
    expect(problem(() => decodeTextFile(Buffer.from('ok\u0000\u0001\u0002', 'utf8')))).toMatchObject({ status: 422, message: 'the file holds binary data, not text' });
    expect(problem(() => decodeTextFile(Buffer.from('ok'), 'ebcdic'))).toMatchObject({ status: 415 });
  });

  it('tells text from control-character noise', () => {
    expect(looksLikeText('Line one\r\n\tLine two\f')).toBe(true);
    expect(looksLikeText('\u0007\u0008\u0001abc')).toBe(false);
  });

  it('recognises a PDF by its header in the first kilobyte', () => {
    expect(isPdf(Buffer.from('%PDF-1.7\n...'))).toBe(true);
    expect(isPdf(Buffer.concat([Buffer.alloc(100, 32), Buffer.from('%PDF-1.4')]))).toBe(true);
    expect(isPdf(Buffer.from('PK\u0003\u0004 a zip file'))).toBe(false);
  });

  it('refuses empty and whitespace-only text, and text over the limit', () => {
    expect(problem(() => checkText('', 10))).toMatchObject({ status: 422 });
    expect(problem(() => checkText(' \n\t\u3000 ', 10))).toMatchObject({ status: 422 });
    expect(problem(() => checkText('x'.repeat(11), 10))).toMatchObject({ status: 413 });
    expect(checkText('高血压', 10)).toBe('高血压');
  });
});
