import { summariseWindowPredictions } from './window-predictions.summary';

describe('summariseWindowPredictions', () => {
  it('labels a signal by the mean probability over its windows, not by its most confident window', () => {
    const probabilities = [0.9, 0.1, 0, 0, 0.3, 0.7, 0, 0, 0.2, 0.8, 0, 0];
    const summary = summariseWindowPredictions(probabilities, [0.2, 0.6, 0.7]);
    expect(summary.label).toBe('inner_race');
    expect(summary.probabilities.normal).toBeCloseTo(1.4 / 3, 6);
    expect(summary.failureRisk).toBeCloseTo(0.5, 6);
    expect(summary.windows).toBe(3);
  });

  it('refuses mismatched shapes', () => {
    expect(() => summariseWindowPredictions([0.5, 0.5], [0.1])).toThrow(RangeError);
    expect(() => summariseWindowPredictions([], [])).toThrow(RangeError);
  });
});
