import { applyContext, qualifierPrefixLength, qualifierSuffixLength, type ContextFlags, type Language } from './context-rules';

/** Flags of each [bracketed] target in a sentence. */
function flags(marked: string, language: Language, section?: Parameters<typeof applyContext>[3]): ContextFlags[] {
  const targets: Array<{ start: number; end: number }> = [];
  let text = '';
  for (const part of marked.split(/(\[[^\]]+\])/)) {
    if (part.startsWith('[')) {
      targets.push({ start: text.length, end: text.length + part.length - 2 });
      text += part.slice(1, -1);
    } else text += part;
  }
  return applyContext(text, targets, language, section);
}

const short = (f: ContextFlags) => `${f.negated ? 'N' : ''}${f.subject === 'family' ? 'F' : ''}${f.certainty === 'suspected' ? 'S' : ''}` || '-';

describe('ConText, Chinese', () => {
  it.each([
    ['否认[高血压]、[糖尿病]、[冠心病]病史。', 'N N N'],
    ['无[发热]，[咳嗽]3天。', 'N -'],
    ['无明显诱因出现[腹痛]。', '-'],
    ['患者四肢无力，考虑[脑梗死]。', 'S'],
    ['[肺炎]可能。', 'S'],
    ['[胆管癌]可能性大，[肾囊肿]。', 'S -'],
    ['疑似[肺结核]。', 'S'],
    ['[肺栓塞]待排。', 'S'],
    ['不除外[肺结核]。', 'S'],
    ['排除[急性心肌梗死]。', 'N'],
    ['母亲有[糖尿病]史。', 'F'],
    ['其父患[高血压]，母亲体健。', 'F'],
    ['有[糖尿病]家族史。', 'F'],
    ['父母体健，患者有[高血压]。', '-'],
    ['[家族性高胆固醇血症]。', '-'],
    ['[乙肝](-)。', 'N'],
    ['诊断：[非霍奇金淋巴瘤]。', '-'],
  ])('%s -> %s', (sentence, expected) => {
    expect(flags(sentence, 'zh').map(short).join(' ')).toBe(expected);
  });

  it('takes everything under 家族史 as a relative’s', () => {
    expect(flags('否认[遗传病]史', 'zh', 'family-history').map(short)).toEqual(['NF']);
    expect(flags('[高血压]', 'zh', 'family-history').map(short)).toEqual(['F']);
  });
});

describe('ConText, English', () => {
  it.each([
    ['No history of [asthma].', 'N'],
    ['Denies [chest pain], [fever], or [cough].', 'N N N'],
    ['[Pulmonary embolism] was ruled out.', 'N'],
    ['Negative for [pneumonia].', 'N'],
    ['Father had [MI] at 60.', 'F'],
    ['[Breast cancer] in her mother.', 'F'],
    ['Family history of [diabetes].', 'F'],
    ['No family history of [colon cancer].', 'NF'],
    ['Possible [pneumonia].', 'S'],
    ['[Asthma], possible [pneumonia].', '- S'],
    ['[Diabetes] and possible [pneumonia].', '- S'],
    ['Rule out [sepsis].', 'S'],
    ['[CAD] is suspected.', 'S'],
    ['[Prostate cancer] cannot be excluded.', 'S'],
    ['No change in [heart failure].', '-'],
    ['No [fever] but has [cough].', 'N -'],
    ['Known [hypertension].', '-'],
  ])('%s -> %s', (sentence, expected) => {
    expect(flags(sentence, 'en').map(short).join(' ')).toBe(expected);
  });
});

describe('qualifierPrefixLength', () => {
  it.each([
    ['怀疑消化道出血', 'zh', 2],
    ['不除外脑出血', 'zh', 3],
    ['非霍奇金淋巴瘤', 'zh', 0],
    ['2型糖尿病', 'zh', 0],
    ['probable thyroid nodule', 'en', 9],
    ['Never had gastroenteritis', 'en', 10],
    ['nodular goiter', 'en', 0],
    ['Negative', 'en', null],
  ] as const)('%s -> %s', (span, language, expected) => {
    expect(qualifierPrefixLength(span, language)).toBe(expected);
  });
});

describe('qualifierSuffixLength', () => {
  it.each([
    ['肺结核待', '排，', 'zh', 1],
    ['脑梗死待排', '\n', 'zh', 2],
    ['急性心肌梗死待查', '', 'zh', 2],
    ['肺炎可能', '大', 'zh', 2],
    ['高血压病', '3级', 'zh', 0],
    ['待排', '', 'zh', 0],
    ['gout?', '\n', 'en', 1],
    ['pneumonia ?', '', 'en', 2],
    ['hypertension', '.', 'en', 0],
  ] as const)('%s before %j -> %s', (span, following, language, expected) => {
    expect(qualifierSuffixLength(span, following, language)).toBe(expected);
  });
});
