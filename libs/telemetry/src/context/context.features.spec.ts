import { CONTEXT_FEATURES, CONTEXT_SIZE, writeContextFeatures } from './context.features';
import { temperatureStats } from './temperature.stats';

const at = (values: Float32Array, name: (typeof CONTEXT_FEATURES)[number]) => values[CONTEXT_FEATURES.indexOf(name)];

describe('temperatureStats', () => {
  it('measures mean, spread, peak and the trend per minute', () => {
    const rising = Array.from({ length: 60 }, (_, i) => 50 + i * 0.1);
    const stats = temperatureStats(rising, 60);
    expect(stats?.meanC).toBeCloseTo(52.95, 6);
    expect(stats?.maxC).toBeCloseTo(55.9, 6);
    expect(stats?.slopeCPerMinute).toBeCloseTo(6, 6);
  });

  it('has no trend for one reading and no stats for none', () => {
    expect(temperatureStats([61], 2)?.slopeCPerMinute).toBe(0);
    expect(temperatureStats([], 2)).toBeUndefined();
  });
});

describe('writeContextFeatures', () => {
  const shape = { logKurtosis: 1.1, logCrestFactor: 1.3 };

  it('leaves absent inputs at zero with their presence flags down', () => {
    const target = new Float32Array(CONTEXT_SIZE).fill(9);
    writeContextFeatures(shape, { logPresent: false }, target, 0);
    expect(at(target, 'log_kurtosis')).toBeCloseTo(1.1, 6);
    for (const name of CONTEXT_FEATURES.slice(2)) expect(at(target, name)).toBe(0);
  });

  it('scales rpm and temperature and clips absurd values', () => {
    const target = new Float32Array(CONTEXT_SIZE);
    writeContextFeatures(shape, { rpm: 3600, logPresent: true, temperature: { meanC: 900, stdC: 0, slopeCPerMinute: 0, maxC: 900 } }, target, 0);
    expect(at(target, 'rpm_present')).toBe(1);
    expect(at(target, 'rpm_log2')).toBeCloseTo(1, 6);
    expect(at(target, 'temperature_mean')).toBe(5);
    expect(at(target, 'log_present')).toBe(1);
  });
});
