import { packChunks } from './chunker';
import { matchHeading, splitSections } from './section-splitter';
import { splitSentences } from './sentence-splitter';

const sentences = (text: string) => splitSentences(text).map((s) => text.slice(s.start, s.end));

describe('splitSentences', () => {
  it('splits Chinese at 。！？； and line breaks', () => {
    expect(sentences('患者男，45岁。否认高血压；无发热！\n诊断：肺炎')).toEqual(['患者男，45岁。', '否认高血压；', '无发热！', '诊断：肺炎']);
  });

  it('does not split English at abbreviations, initials or decimals', () => {
    expect(sentences('Seen by Dr. Smith and J. Lee today. Metformin 0.5 g p.o. b.i.d. was started. Return in 2 weeks.')).toEqual([
      'Seen by Dr. Smith and J. Lee today.',
      'Metformin 0.5 g p.o. b.i.d. was started.',
      'Return in 2 weeks.',
    ]);
  });
});

describe('splitSections', () => {
  it('recognises Chinese and English headings with their content offsets', () => {
    const text = '姓名：张伟\n家族史：母亲有糖尿病史\nFamily History: father had MI\n出院医嘱：低盐饮食';
    const kinds = splitSections(text).map((s) => [s.kind, text.slice(s.contentStart, s.end).trim()]);
    expect(kinds).toEqual([
      ['header', '姓名：张伟'],
      ['family-history', '母亲有糖尿病史'],
      ['family-history', 'father had MI'],
      ['advice', '低盐饮食'],
    ]);
  });

  it('does not take a diagnosis line or a field for a heading', () => {
    expect(matchHeading('Hypertension')).toBeNull();
    expect(matchHeading('姓名：张伟')).toBeNull();
    expect(matchHeading('Plan:')?.kind).toBe('advice');
  });
});

describe('packChunks', () => {
  it('packs whole sentences up to the limit and cuts long ones at a soft break', () => {
    const text = 'Aaaa. Bbbb. Cccc, dddd eeee';
    const chunks = packChunks(text, splitSentences(text), 11);
    expect(chunks.map((c) => text.slice(c.start, c.end))).toEqual(['Aaaa. Bbbb.', 'Cccc, dddd ', 'eeee']);
    expect(chunks.every((c) => c.end - c.start <= 11)).toBe(true);
  });
});
