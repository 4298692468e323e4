import { DriftMonitor, binOf, populationStabilityIndex } from './drift-monitor';

describe('binOf', () => {
  it('counts the edges at or below the value, like numpy searchsorted side="right"', () => {
    expect([-1, 0, 0.5, 1, 2].map((v) => binOf([0, 1], v))).toEqual([0, 1, 1, 2, 2]);
  });
});

describe('DriftMonitor', () => {
  const reference = { name: 'x0', tensor: 'x', index: 0, edges: [0, 1], reference: [0.25, 0.5, 0.25] };

  it('reports no PSI until the window holds enough values', () => {
    const monitor = new DriftMonitor([reference], 100, 50);
    monitor.observe({ x: { type: 'float32', dims: [2, 2], data: Float32Array.from([0.5, 9, 0.5, 9]) } });
    expect(monitor.status()).toEqual([{ name: 'x0', tensor: 'x', samples: 2, psi: undefined }]);
  });

  it('stays near zero on the training distribution and rises when the column shifts', () => {
    const monitor = new DriftMonitor([reference], 400, 100);
    const column = (values: number[]) => ({ x: { type: 'float32' as const, dims: [values.length, 2], data: Float32Array.from(values.flatMap((v) => [v, 123])) } });
    monitor.observe(column(Array.from({ length: 400 }, (_, i) => [-0.5, 0.3, 0.7, 1.5][i % 4] as number)));
    expect(monitor.status()[0]?.psi).toBeCloseTo(0, 6);
    monitor.observe(column(Array.from({ length: 400 }, () => 5)));
    expect(monitor.status()[0]?.psi).toBeGreaterThan(1);
  });

  it('computes PSI as sum (a - e) ln(a / e)', () => {
    expect(populationStabilityIndex([0.5, 0.5], [3, 1])).toBeCloseTo((0.75 - 0.5) * Math.log(1.5) + (0.25 - 0.5) * Math.log(0.5), 10);
  });
});
