import { MAX_PHASES, planResampling, resample, resampledLength } from './polyphase.resampler';

const tone = (hz: number, rate: number, seconds: number, phase = 0): Float64Array =>
  Float64Array.from({ length: Math.round(rate * seconds) }, (_, i) => Math.sin(2 * Math.PI * hz * (i / rate) + phase));

/** RMS in dB relative to a unit sine, away from the edges. */
function levelDb(signal: Float64Array, margin = 400): number {
  let sum = 0;
  for (let i = margin; i < signal.length - margin; i++) sum += (signal[i] as number) ** 2;
  return 20 * Math.log10(Math.sqrt(sum / (signal.length - 2 * margin)) / Math.SQRT1_2);
}

describe('resample', () => {
  it('keeps a tone inside the passband at its level when decimating 48 kHz to 12 kHz', () => {
    expect(levelDb(resample(tone(1000, 48_000, 1), 48_000, 12_000))).toBeCloseTo(0, 2);
    expect(levelDb(resample(tone(4500, 48_000, 1), 48_000, 12_000))).toBeCloseTo(0, 2);
  });

  it('removes a tone above the new Nyquist frequency instead of folding it back (sample dropping would keep it at full level)', () => {
    const input = tone(10_000, 48_000, 1);
    const dropped = Float64Array.from({ length: input.length / 4 }, (_, i) => input[4 * i] as number);
    expect(levelDb(dropped)).toBeGreaterThan(-1);
    expect(levelDb(resample(input, 48_000, 12_000))).toBeLessThan(-75);
    expect(levelDb(resample(tone(7000, 48_000, 1), 48_000, 12_000))).toBeLessThan(-75);
  });

  it('gives the same samples from a 48 kHz and a 12 kHz recording of one band-limited vibration', () => {
    const mix = (rate: number) => {
      const a = tone(157, rate, 1);
      const b = tone(2900, rate, 1, 0.3);
      return a.map((v, i) => v + 0.4 * (b[i] as number));
    };
    const from48 = resample(mix(48_000), 48_000, 12_000);
    const from12 = resample(mix(12_000), 12_000, 12_000);
    expect(from48.length).toBe(from12.length);
    let worst = 0;
    for (let i = 200; i < from48.length - 200; i++) worst = Math.max(worst, Math.abs((from48[i] as number) - (from12[i] as number)));
    expect(worst).toBeLessThan(1e-3);
  });

  it('passes a constant through unchanged, edges included', () => {
    const out = resample(new Float64Array(5000).fill(2.5), 44_100, 12_000);
    for (const v of out) expect(v).toBeCloseTo(2.5, 9);
  });

  it('interpolates from 1 kHz without imaging', () => {
    const out = resample(tone(300, 1000, 2), 1000, 12_000);
    expect(out.length).toBe(resampledLength(2000, 1000, 12_000));
    expect(levelDb(out, 2000)).toBeCloseTo(0, 2);
  });

  it('handles rates whose reduced ratio needs more than MAX_PHASES branches, and fractional rates', () => {
    expect(planResampling(99_991, 12_000).phases).toBe(MAX_PHASES);
    expect(levelDb(resample(tone(1000, 99_991, 1), 99_991, 12_000))).toBeCloseTo(0, 2);
    expect(levelDb(resample(tone(1000, 12_345.5, 1), 12_345.5, 12_000))).toBeCloseTo(0, 2);
  });

  it('counts outputs whose position lies inside the input', () => {
    expect(resampledLength(48_000, 48_000, 12_000)).toBe(12_000);
    expect(resampledLength(1, 48_000, 12_000)).toBe(1);
    expect(resampledLength(0, 48_000, 12_000)).toBe(0);
    expect(resampledLength(1000, 1000, 12_000)).toBe(11_989);
  });

  it('rejects rates that are not positive', () => {
    expect(() => resample([1, 2, 3], 0, 12_000)).toThrow(RangeError);
    expect(() => resample([1, 2, 3], Number.NaN, 12_000)).toThrow(RangeError);
  });
});
