import { decide } from './decision.rules';
import { countOutcome, decisionQuality, emptyConfusion } from './decision-quality.calculator';
import { type ScoredSample, recalibrateThresholds, thresholdForTailShare } from './threshold-recalibration.calculator';

const guardrails = { minSamples: 100, maxStep: 0.05, minGap: 0.02, floor: 0.01, ceiling: 0.999, tolerance: 0.001 };
const targets = { reviewRate: 0.05, falsePositiveRate: 0.01 };

/** 1,000 analyst-confirmed legitimate scores spread evenly over [0, 0.5) and 20 labelled frauds at 0.95. */
function sample(shift = 0): ScoredSample[] {
  const legitimate = Array.from({ length: 1000 }, (_, i) => ({ score: Math.min(0.99, (i / 1000) * 0.5 + shift), label: 'legitimate' as const }));
  const fraud = Array.from({ length: 20 }, () => ({ score: 0.95, label: 'fraud' as const }));
  return [...legitimate, ...fraud];
}

describe('thresholdForTailShare', () => {
  it('leaves at most the share at or above the threshold', () => {
    const values = Array.from({ length: 100 }, (_, i) => i / 100);
    const t = thresholdForTailShare(values, 0.1);
    expect(values.filter((v) => v >= t)).toHaveLength(10);
    expect(thresholdForTailShare(values, 0)).toBeGreaterThan(0.99);
    expect(thresholdForTailShare([], 0.1)).toBe(1);
  });
});

describe('recalibrateThresholds', () => {
  it('moves toward the targets, at most maxStep, and says why', () => {
    const outcome = recalibrateThresholds({ review: 0.3, decline: 0.6, frozen: false }, sample(), targets, guardrails);
    expect(outcome.moved).toBe(true);
    if (!outcome.moved) return;
    // 1% of 1,000 legitimate scores in [0, 0.5) sit above ~0.495: decline wants to go there, one step at a time.
    expect(outcome.stats.targetDecline).toBeCloseTo(0.495, 2);
    expect(outcome.thresholds.decline).toBeCloseTo(0.55, 6);
    expect(outcome.stepLimited).toBe(true);
    expect(outcome.reason).toMatch(/false-positive rate of 1\.00%/);
  });

  it('converges: repeated recalibration holds the false-positive rate on the legitimate traffic', () => {
    let current = { review: 0.3, decline: 0.9, frozen: false };
    const samples = sample(0.2);
    for (let i = 0; i < 20; i += 1) {
      const outcome = recalibrateThresholds(current, samples, targets, guardrails);
      if (outcome.moved) current = { ...outcome.thresholds, frozen: false };
    }
    const legitimate = samples.filter((s) => s.label === 'legitimate');
    const declined = legitimate.filter((s) => decide(s.score, current) === 'decline').length / legitimate.length;
    expect(declined).toBeLessThanOrEqual(0.01);
    expect(declined).toBeGreaterThan(0.005);
    const reviewed = samples.filter((s) => decide(s.score, current) === 'review').length / samples.length;
    expect(reviewed).toBeCloseTo(0.05, 2);
    expect(current.review).toBeLessThan(current.decline);
  });

  it('does not let frauds that are not yet charged back pass for legitimate payments in the tail', () => {
    const unlabelled = Array.from({ length: 2000 }, (_, i) => ({ score: (i / 2000) * 0.02, label: null }));
    const pendingFrauds = Array.from({ length: 30 }, () => ({ score: 0.97, label: null }));
    const outcome = recalibrateThresholds({ review: 0.3, decline: 0.6, frozen: false }, [...unlabelled, ...pendingFrauds], targets, { ...guardrails, maxStep: 1 });
    if (!outcome.moved) throw new Error(outcome.reason);
    // Counted as legitimate, 30 frauds at 0.97 would be 1.5% of the traffic and hold the decline above them.
    expect(outcome.thresholds.decline).toBeLessThan(0.5);
    expect(unlabelled.filter((s) => s.score >= outcome.thresholds.decline).length / unlabelled.length).toBeLessThanOrEqual(0.01);
  });

  it('holds when frozen, or when the sample is too small', () => {
    expect(recalibrateThresholds({ review: 0.3, decline: 0.6, frozen: true }, sample(), targets, guardrails)).toMatchObject({ moved: false, reason: 'frozen by an operator' });
    const small = recalibrateThresholds({ review: 0.3, decline: 0.6, frozen: false }, sample().slice(0, 50), targets, guardrails);
    expect(small).toMatchObject({ moved: false });
    expect(small.reason).toMatch(/only 50 recent decisions/);
  });

  it('keeps review below decline by the minimum gap and inside the bounds', () => {
    const flat = Array.from({ length: 500 }, () => ({ score: 0.001, label: null }));
    const outcome = recalibrateThresholds({ review: 0.05, decline: 0.06, frozen: false }, flat, targets, { ...guardrails, maxStep: 1 });
    if (!outcome.moved) throw new Error(outcome.reason);
    expect(outcome.thresholds.review).toBeGreaterThanOrEqual(guardrails.floor);
    expect(outcome.thresholds.decline - outcome.thresholds.review).toBeGreaterThanOrEqual(guardrails.minGap - 1e-12);
  });
});

describe('decisionQuality', () => {
  it('computes precision, recall and false-positive rate from labelled outcomes', () => {
    const c = emptyConfusion();
    countOutcome(c, true, true);
    countOutcome(c, true, false);
    countOutcome(c, false, true);
    countOutcome(c, false, false);
    countOutcome(c, false, false);
    expect(decisionQuality(c)).toMatchObject({ labelled: 5, precision: 0.5, recall: 0.5, falsePositiveRate: 1 / 3 });
    expect(decisionQuality(emptyConfusion())).toMatchObject({ precision: null, recall: null, falsePositiveRate: null });
  });
});
