import { normalizeText, toNormalizedSpan, toStoredSpan } from './text-normalizer';

describe('normalizeText', () => {
  it('folds full-width letters, digits and punctuation to half-width', () => {
    expect(normalizeText('ＡＢＣ１２３：（－）').text).toBe('ABC123:(-)');
  });

  it('collapses spaces, trims lines and keeps at most one blank line', () => {
    expect(normalizeText('  a\u3000\u3000b  \r\n\r\n\r\n\n c \t').text).toBe('a b\n\nc');
  });

  it('drops the spaces a PDF text layer puts between Chinese characters but not between words', () => {
    expect(normalizeText('患 者 男 ，45 岁 with  mild pain , ok').text).toBe('患者男,45 岁 with mild pain , ok');
  });

  it('maps every normalised span back to the stored characters it came from', () => {
    const stored = '姓名：\u3000张伟\r\n诊断：２型糖尿病';
    const normalized = normalizeText(stored);
    const at = normalized.text.indexOf('2型糖尿病');
    const [start, end] = toStoredSpan(normalized, at, at + 5);
    expect(stored.slice(start, end)).toBe('２型糖尿病');
    const name = normalized.text.indexOf('张伟');
    expect(stored.slice(...toStoredSpan(normalized, name, name + 2))).toBe('张伟');
  });

  it('carries stored spans onto normalised text', () => {
    const stored = 'Dx:   Type 2  diabetes';
    const normalized = normalizeText(stored);
    const span = toNormalizedSpan(normalized, stored.indexOf('Type'), stored.length);
    expect(span).not.toBeNull();
    expect(normalized.text.slice(...(span as [number, number]))).toBe('Type 2 diabetes');
    expect(toNormalizedSpan(normalized, 4, 6)).toBeNull();
  });

  it('keeps one character per astral symbol so offsets stay aligned', () => {
    const stored = 'a😀b';
    const normalized = normalizeText(stored);
    expect(normalized.text).toBe('a\ufffdb');
    expect(stored.slice(...toStoredSpan(normalized, 2, 3))).toBe('b');
  });
});
