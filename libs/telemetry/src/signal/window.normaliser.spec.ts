import { normaliseWindow } from './window.normaliser';
import { windowStarts } from './window.slicer';

describe('windowStarts', () => {
  it('cuts overlapping full windows only', () => {
    expect(windowStarts(10, 4, 2)).toEqual([0, 2, 4, 6]);
    expect(windowStarts(3, 4, 2)).toEqual([]);
    expect(() => windowStarts(10, 4, 0)).toThrow(RangeError);
  });
});

describe('normaliseWindow', () => {
  it('standardises a window whatever the gain and offset, and the statistics ignore the gain', () => {
    const signal = Float64Array.from({ length: 600 }, (_, i) => 3 + 40 * Math.sin(i / 7) + (i % 13 === 0 ? 90 : 0));
    const quiet = signal.map((v) => v / 1000);
    const a = new Float32Array(512);
    const b = new Float32Array(512);
    const shapeA = normaliseWindow(signal, 50, 512, a, 0);
    const shapeB = normaliseWindow(quiet, 50, 512, b, 0);
    const mean = a.reduce((s, v) => s + v, 0) / 512;
    const variance = a.reduce((s, v) => s + (v - mean) ** 2, 0) / 512;
    expect(mean).toBeCloseTo(0, 5);
    expect(variance).toBeCloseTo(1, 4);
    expect(shapeB.logKurtosis).toBeCloseTo(shapeA.logKurtosis, 6);
    for (let i = 0; i < 512; i++) expect(b[i]).toBeCloseTo(a[i] as number, 4);
  });

  it('scores impacts as impulsive: an impulse train has far higher kurtosis than a sine', () => {
    const sine = Float64Array.from({ length: 1024 }, (_, i) => Math.sin(i / 5));
    const impacts = Float64Array.from({ length: 1024 }, (_, i) => (i % 100 === 0 ? 1 : 0.01 * Math.sin(i)));
    const target = new Float32Array(1024);
    expect(normaliseWindow(impacts, 0, 1024, target, 0).logKurtosis).toBeGreaterThan(normaliseWindow(sine, 0, 1024, target, 0).logKurtosis + 2);
  });

  it('turns a flat window into zeros, not NaN', () => {
    const target = new Float32Array(8).fill(7);
    const shape = normaliseWindow(new Float64Array(8).fill(0.5), 0, 8, target, 0);
    expect(Array.from(target)).toEqual(new Array(8).fill(0));
    expect(Number.isFinite(shape.logKurtosis)).toBe(true);
  });
});
