import { SeededRandom } from './seeded-random.util';
import { type DriftExperimentOptions, type ScoredStreamPayment, falsePositivesAtRecall, labelKnownAfterDecision, runDynamic, runStatic } from './threshold-drift.experiment';
import { simulateDriftingStream } from './drift-stream.simulator';

const DAY_MS = 86_400_000;
const options: DriftExperimentOptions = {
  start: 0,
  days: 28,
  calibrationDays: 7,
  windowDays: 7,
  reviewRate: 0.02,
  guardrails: { minSamples: 200, maxStep: 0.1, minGap: 0.02, floor: 0.01, ceiling: 0.999, tolerance: 0.0005 },
};

/** Legitimate scores that climb day by day, frauds that stay high: the case dynamic thresholds are for. */
function drifting(): ScoredStreamPayment[] {
  const rng = new SeededRandom(7);
  const out: ScoredStreamPayment[] = [];
  for (let day = 0; day < options.days; day += 1) {
    const shift = day < 7 ? 0 : (day - 7) * 0.012;
    for (let i = 0; i < 600; i += 1) {
      const fraud = rng.chance(0.02);
      const score = fraud ? Math.min(0.999, rng.between(0.55, 1)) : Math.min(0.99, Math.abs(rng.normal(0.1 + shift, 0.08)));
      out.push({ at: day * DAY_MS + i * 100_000, segment: 'online', score, fraud, labelKnownAt: fraud ? day * DAY_MS + 3 * DAY_MS : null });
    }
  }
  return out;
}

describe('threshold drift experiment', () => {
  it('gives the dynamic thresholds fewer false positives than a static threshold at the same recall when legitimate scores drift', () => {
    const payments = drifting();
    const targets = [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2];
    const staticCurve = targets.map((t) => runStatic(payments, t, options));
    const dynamic = runDynamic(payments, 0.01, options);
    const staticFp = falsePositivesAtRecall(staticCurve, dynamic.recall);
    expect(staticFp).not.toBeNull();
    expect(dynamic.falsePositives).toBeLessThan((staticFp as number) * 0.6);
    expect(dynamic.trajectory.at(-1)?.decline).toBeGreaterThan(dynamic.trajectory[0]?.decline ?? 1);
  });

  it('finds nothing to gain without drift: the static rule is then as good', () => {
    const still = drifting().filter((p) => p.at < 7 * DAY_MS);
    const repeated = Array.from({ length: 4 }, (_, week) => still.map((p) => ({ ...p, at: p.at + week * 7 * DAY_MS }))).flat();
    const staticCurve = [0.002, 0.005, 0.01, 0.02, 0.05].map((t) => runStatic(repeated, t, options));
    const dynamic = runDynamic(repeated, 0.01, options);
    const staticFp = falsePositivesAtRecall(staticCurve, dynamic.recall);
    expect(staticFp).not.toBeNull();
    expect(dynamic.falsePositives).toBeGreaterThan((staticFp as number) * 0.6);
  });

  it('learns labels from its own decisions: analysts label reviews, customers answer declines, a declined fraud is never charged back', () => {
    const at = 10 * DAY_MS;
    const payment = (fraud: boolean, customerAfterMs: number | null): ScoredStreamPayment => ({
      at,
      segment: 'online',
      score: 0.5,
      fraud,
      labelKnownAt: at + 9 * DAY_MS,
      feedback: { analystAfterMs: 2 * 3_600_000, customerAfterMs },
    });
    expect(labelKnownAfterDecision(payment(true, 600_000), 'approve')).toBe(at + 9 * DAY_MS);
    expect(labelKnownAfterDecision(payment(true, 600_000), 'review')).toBe(at + 2 * 3_600_000);
    expect(labelKnownAfterDecision(payment(false, 600_000), 'decline')).toBe(at + 600_000);
    expect(labelKnownAfterDecision(payment(true, null), 'decline')).toBeNull();
    expect(labelKnownAfterDecision(payment(false, null), 'decline')).toBe(at + 9 * DAY_MS);
    const { feedback: _feedback, ...withoutFeedback } = payment(true, 600_000);
    expect(labelKnownAfterDecision(withoutFeedback, 'decline')).toBe(at + 9 * DAY_MS);
  });

  it('raises the decline threshold further when declined legitimate payments come back labelled', () => {
    // Drifted legitimate payments score like fraud and are never audited: only the customers' answers
    // to declines tell the rule they were legitimate, instead of the score counting them as fraud.
    const rng = new SeededRandom(11);
    const payments: ScoredStreamPayment[] = [];
    for (let day = 0; day < options.days; day += 1) {
      for (let i = 0; i < 600; i += 1) {
        const fraud = rng.chance(0.01);
        const drifted = !fraud && day >= 7 && rng.chance(0.1);
        const score = fraud ? rng.between(0.9, 0.999) : drifted ? rng.between(0.6, 0.95) : rng.between(0, 0.2);
        const at = day * DAY_MS + i * 100_000;
        payments.push({ at, segment: 'online', score, fraud, labelKnownAt: null, feedback: { analystAfterMs: 3_600_000, customerAfterMs: 3_600_000 } });
      }
    }
    const blind = runDynamic(payments.map(({ feedback: _feedback, ...p }) => p), 0.01, options);
    const told = runDynamic(payments, 0.01, options);
    expect((told.trajectory.at(-1) as { decline: number }).decline).toBeGreaterThan((blind.trajectory.at(-1) as { decline: number }).decline);
    expect(told.falsePositives).toBeLessThan(blind.falsePositives);
  });

  it('compares against the best static point: the lower envelope, interpolated', () => {
    const point = (recall: number, falsePositives: number) => ({ targetFalsePositiveRate: 0, truePositives: 0, falsePositives, frauds: 100, legitimate: 1000, recall, falsePositiveRate: 0 });
    const curve = [point(0.5, 100), point(0.6, 300), point(0.6, 150), point(0.8, 400), point(0.7, 500)];
    expect(falsePositivesAtRecall(curve, 0.6)).toBe(150);
    expect(falsePositivesAtRecall(curve, 0.7)).toBeCloseTo(275);
    expect(falsePositivesAtRecall(curve, 0.4)).toBe(100);
    expect(falsePositivesAtRecall(curve, 0.9)).toBeNull();
  });

  it('simulates a reproducible stream whose drifted share grows after the drift starts', () => {
    const a = simulateDriftingStream({ accounts: 60, days: 20, driftStartDay: 5 });
    const b = simulateDriftingStream({ accounts: 60, days: 20, driftStartDay: 5 });
    expect(a.map((p) => p.request.transactionId)).toEqual(b.map((p) => p.request.transactionId));
    const share = (from: number, to: number) => {
      const days = a.filter((p) => p.day >= from && p.day < to && !p.fraud);
      return days.filter((p) => p.kind === 'drifted').length / days.length;
    };
    expect(share(0, 5)).toBe(0);
    expect(share(15, 20)).toBeGreaterThan(share(5, 10));
    expect(a.some((p) => p.fraud)).toBe(true);
    const answered = a.filter((p) => p.feedback.customerAfterMs !== null).length / a.length;
    expect(answered).toBeGreaterThan(0.4);
    expect(answered).toBeLessThan(0.6);
    expect(a.every((p) => p.feedback.analystAfterMs >= 3_600_000 && p.feedback.analystAfterMs <= 48 * 3_600_000)).toBe(true);
  });
});
