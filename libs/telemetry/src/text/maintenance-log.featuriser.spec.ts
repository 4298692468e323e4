import { LOG_FEATURE_SIZE, logFeatures, logTextGrams, normaliseLogText, writeLogFeatures } from './maintenance-log.featuriser';

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * (b[i] as number), 0);

describe('maintenance-log featuriser', () => {
  it('folds full-width characters, case and spacing', () => {
    expect(normaliseLogText('  ＤＥ轴承  异响\n Noise ')).toBe('de轴承 异响 noise');
    expect(Array.from(logFeatures('DE bearing noise'))).toEqual(Array.from(logFeatures('de  BEARING noise')));
  });

  it('hashes Chinese characters one by one and in pairs', () => {
    const grams = logTextGrams('轴承异响');
    expect(grams).toEqual(expect.arrayContaining(['1:轴', '2:轴承', '2:异响', '3:轴承异']));
  });

  it('gives a unit vector, and zeros with no presence for an empty log', () => {
    const v = logFeatures('更换轴承润滑脂，听到异响 / replaced seal, noise at bearing');
    expect(v.length).toBe(LOG_FEATURE_SIZE);
    expect(cosine(v, v)).toBeCloseTo(1, 5);
    const empty = new Float32Array(LOG_FEATURE_SIZE);
    expect(writeLogFeatures('   ', empty, 0)).toBe(false);
    expect(writeLogFeatures(undefined, empty, 0)).toBe(false);
    expect(empty.every((x) => x === 0)).toBe(true);
  });

  it('puts rewordings of one finding closer together than unrelated entries', () => {
    const spall = logFeatures('outer race spall found on DE bearing');
    expect(cosine(spall, logFeatures('DE bearing outer race spalling'))).toBeGreaterThan(cosine(spall, logFeatures('replaced air filter, all ok')));
    const zh = logFeatures('轴承外圈剥落');
    expect(cosine(zh, logFeatures('发现外圈有剥落'))).toBeGreaterThan(cosine(zh, logFeatures('更换空气滤芯')));
  });
});
