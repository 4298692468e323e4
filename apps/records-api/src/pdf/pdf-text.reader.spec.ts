import { passwordPdf, scannedPdf, textPdf, truncatedPdf } from '../../test/fixtures/pdf-documents';
import { PdfTextReader, PdfUnreadableError } from './pdf-text.reader';

describe('PdfTextReader', () => {
  const reader = new PdfTextReader({ RECORDS_PDF_TIMEOUT_MS: 20_000 });
  afterAll(() => reader.onApplicationShutdown());

  it('reads the text layer of every page, in both languages', async () => {
    const { text, pages } = await reader.read(textPdf(['姓名：张伟  性别：男  年龄：45岁\n诊断：2型糖尿病', 'Patient: Mary Smith, 45-year-old female']));
    expect(pages).toBe(2);
    expect(text).toContain('张伟');
    expect(text).toContain('2型糖尿病');
    expect(text).toContain('Mary Smith, 45-year-old female');
  });

  it('returns no text for a scanned page', async () => {
    const { text, pages } = await reader.read(scannedPdf());
    expect(pages).toBe(1);
    expect(text.trim()).toBe('');
  });

  it.each([
    ['a password-protected PDF', passwordPdf(), 'password'],
    ['a truncated PDF', truncatedPdf(), 'malformed'],
    ['bytes that are not a PDF', Buffer.from('hello, not a pdf at all'), 'malformed'],
  ])('refuses %s with a reason', async (_name, bytes, reason) => {
    await expect(reader.read(bytes)).rejects.toMatchObject({ name: PdfUnreadableError.name, reason });
  });

  it('keeps working after a failure', async () => {
    await expect(reader.read(Buffer.from('%PDF-1.7 garbage'))).rejects.toBeInstanceOf(PdfUnreadableError);
    expect((await reader.read(textPdf(['still fine']))).text).toContain('still fine');
  });
});
