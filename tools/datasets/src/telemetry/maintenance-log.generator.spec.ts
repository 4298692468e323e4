import { generateMaintenanceLog, generateTemperature } from './maintenance-log.generator';
import { seededRandom } from './seeded-random';

function logs(label: 'normal' | 'outer_race', count: number): (string | undefined)[] {
  const random = seededRandom(`spec:${label}`);
  return Array.from({ length: count }, () => generateMaintenanceLog(random, label));
}

describe('generateMaintenanceLog', () => {
  it('is deterministic for a seed', () => {
    expect(logs('outer_race', 50)).toEqual(logs('outer_race', 50));
  });

  it('writes Chinese and English entries and leaves many windows without a log', () => {
    const entries = logs('outer_race', 2000);
    const absent = entries.filter((e) => e === undefined).length / entries.length;
    expect(absent).toBeGreaterThan(0.35);
    expect(absent).toBeLessThan(0.55);
    expect(entries.some((e) => e !== undefined && /[\u4e00-\u9fff]/.test(e))).toBe(true);
    expect(entries.some((e) => e !== undefined && /^[\x20-\x7e]+$/.test(e))).toBe(true);
  });

  it('rarely names the fault, and sometimes names the wrong one: the signal must decide', () => {
    const entries = logs('outer_race', 4000).filter((e): e is string => e !== undefined);
    const outer = entries.filter((e) => /外圈|outer|bpfo/i.test(e)).length / 4000;
    const wrong = entries.filter((e) => /内圈|inner|bpfi|滚动体|滚珠|ball|rolling|bsf/i.test(e)).length / 4000;
    expect(outer).toBeGreaterThan(0.03);
    expect(outer).toBeLessThan(0.15);
    expect(wrong).toBeGreaterThan(0.005);
  });
});

describe('generateTemperature', () => {
  it('gives plausible bearing temperatures or none', () => {
    const random = seededRandom('spec:temperature');
    const series = Array.from({ length: 200 }, () => generateTemperature(random, 'ball', 0.021));
    expect(series.filter((s) => s === undefined).length).toBeGreaterThan(40);
    for (const s of series.filter((x): x is number[] => x !== undefined)) {
      for (const t of s) expect(t).toBeGreaterThan(30);
      for (const t of s) expect(t).toBeLessThan(60);
    }
  });
});
