import { LEXICON_IDS, LEXICON_TYPES, TermLexicon, lexiconEntries } from './term-lexicon';

const id = (type: (typeof LEXICON_TYPES)[number], position: 'begin' | 'inside' | 'end') =>
  1 + 3 * LEXICON_TYPES.indexOf(type) + ['begin', 'inside', 'end'].indexOf(position);

function marks(lexicon: TermLexicon, text: string, from = 0, to = text.length): number[] {
  const out = new Int32Array(to - from);
  lexicon.mark(text, from, to, out, 0);
  return Array.from(out);
}

describe('TermLexicon', () => {
  const lexicon = new TermLexicon(
    lexiconEntries([
      { text: '奥沙利铂', type: 'DRUG' },
      { text: '直肠癌', type: 'DIAGNOSIS' },
      { text: '直肠癌肝转移', type: 'DIAGNOSIS' },
      { text: '直肠', type: 'ANATOMY' },
      { text: '直肠', type: 'ANATOMY' },
      { text: '直肠', type: 'DIAGNOSIS' },
      { text: 'Aspirin', type: 'DRUG' },
      { text: 'x', type: 'DRUG' },
      { text: '张三', type: 'NAME' },
    ]),
  );

  it('keeps one type per term (the most frequent), folds case and drops single characters and other types', () => {
    expect(lexicon.entries.ANATOMY).toEqual(['直肠']);
    expect(lexicon.entries.DRUG).toEqual(['aspirin', '奥沙利铂']);
    expect(lexicon.entries.DIAGNOSIS).toEqual(['直肠癌', '直肠癌肝转移']);
  });

  it('marks each character from the longest term covering it, with its position', () => {
    const D = (p: 'begin' | 'inside' | 'end') => id('DIAGNOSIS', p);
    expect(marks(lexicon, '见直肠癌肝转移，予奥沙利铂')).toEqual([
      0,
      D('begin'), D('inside'), D('inside'), D('inside'), D('inside'), D('end'),
      0, 0,
      id('DRUG', 'begin'), id('DRUG', 'inside'), id('DRUG', 'inside'), id('DRUG', 'end'),
    ]);
    expect(Math.max(...marks(lexicon, '直肠癌'))).toBeLessThan(LEXICON_IDS);
  });

  it('matches Latin terms as whole words only, in any case', () => {
    expect(marks(lexicon, 'ASPIRIN 100 mg').slice(0, 8)).toEqual([id('DRUG', 'begin'), ...Array(5).fill(id('DRUG', 'inside')), id('DRUG', 'end'), 0]);
    expect(marks(lexicon, 'aspirins')).toEqual(Array(8).fill(0));
    expect(marks(lexicon, 'xaspirin')).toEqual(Array(8).fill(0));
  });

  it('never reaches past the end of the chunk it marks', () => {
    expect(marks(lexicon, '直肠癌肝转移', 0, 4)).toEqual([id('DIAGNOSIS', 'begin'), id('DIAGNOSIS', 'inside'), id('DIAGNOSIS', 'end'), 0]);
  });
});
