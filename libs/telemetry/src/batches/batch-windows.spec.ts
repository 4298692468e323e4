import { buildModelInputs } from '../model/model-inputs.builder';
import { minimumSamples } from '../model/model-inputs.builder';
import { countWindows } from './batch-windows';

describe('countWindows', () => {
  it.each([
    [12_000, 12_000, 1024],
    [48_000, 48_000, 1024],
    [25_600, 25_600, 512],
    [7_000, 1_000, 1024],
  ])('agrees with buildModelInputs for %i samples at %i Hz, hop %i', (samples, rate, hop) => {
    const vibration = Float64Array.from({ length: samples }, (_, i) => Math.sin(i / 3) + Math.sin(i / 17));
    expect(countWindows(samples, rate, hop)).toBe(buildModelInputs({ vibration, sampleRateHz: rate }, { hopSamples: hop }).windows);
  });

  it('is 0 just below the minimum and 1 at it', () => {
    const minimum = minimumSamples(44_100);
    expect(countWindows(minimum - 1, 44_100, 1024)).toBe(0);
    expect(countWindows(minimum, 44_100, 1024)).toBe(1);
  });
});
