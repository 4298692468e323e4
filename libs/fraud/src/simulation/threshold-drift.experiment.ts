import { type Decision, type ThresholdPair, decide } from '../thresholds/decision.rules';
import { type RecalibrationGuardrails, recalibrateThresholds, thresholdForTailShare } from '../thresholds/threshold-recalibration.calculator';
import type { DecisionFeedback } from './drift-stream.simulator';

const DAY_MS = 86_400_000;

/** One simulated payment after scoring: what the experiment needs, nothing else. */
export interface ScoredStreamPayment {
  at: number;
  segment: string;
  score: number;
  fraud: boolean;
  /** When the label is known if the payment is approved (chargeback or audit), or null if never. */
  labelKnownAt: number | null;
  /** How feedback comes back when the payment is reviewed or declined; without it, labels ignore decisions. */
  feedback?: DecisionFeedback;
}

/**
 * When the dynamic run learns a payment's label, given what it decided. Approved: the chargeback or
 * audit. Reviewed: the analyst's label. Declined: the customer's answer; a declined fraud moved no
 * money, so without an answer no chargeback ever labels it (a declined legitimate payment may still be audited).
 */
export function labelKnownAfterDecision(p: ScoredStreamPayment, decision: Decision): number | null {
  if (!p.feedback || decision === 'approve') return p.labelKnownAt;
  if (decision === 'review') return Math.min(p.at + p.feedback.analystAfterMs, p.labelKnownAt ?? Number.POSITIVE_INFINITY);
  if (p.feedback.customerAfterMs !== null) return p.at + p.feedback.customerAfterMs;
  return p.fraud ? null : p.labelKnownAt;
}

export interface DriftExperimentOptions {
  /** Epoch ms of day 0. */
  start: number;
  days: number;
  /** Days the static thresholds are chosen on (with every label, in hindsight: the best a static choice can do). */
  calibrationDays: number;
  /** Decisions each recalibration reads, looking back from its run. */
  windowDays: number;
  reviewRate: number;
  guardrails: RecalibrationGuardrails;
}

/** Declines over the evaluation days (after calibration) against the true labels. */
export interface OperatingPoint {
  targetFalsePositiveRate: number;
  truePositives: number;
  falsePositives: number;
  frauds: number;
  legitimate: number;
  recall: number;
  falsePositiveRate: number;
}

export interface DynamicRun extends OperatingPoint {
  /** Decline threshold per segment at the start of each evaluated day. */
  trajectory: { day: number; segment: string; decline: number }[];
}

function evaluate(payments: readonly ScoredStreamPayment[], flagged: (p: ScoredStreamPayment) => boolean, target: number): OperatingPoint {
  let tp = 0;
  let fp = 0;
  let frauds = 0;
  for (const p of payments) {
    const hit = flagged(p);
    if (p.fraud) {
      frauds += 1;
      if (hit) tp += 1;
    } else if (hit) fp += 1;
  }
  const legitimate = payments.length - frauds;
  return {
    targetFalsePositiveRate: target,
    truePositives: tp,
    falsePositives: fp,
    frauds,
    legitimate,
    recall: frauds ? tp / frauds : 0,
    falsePositiveRate: legitimate ? fp / legitimate : 0,
  };
}

function segmentsOf(payments: readonly ScoredStreamPayment[]): string[] {
  return [...new Set(payments.map((p) => p.segment))].sort();
}

/** The static thresholds: per segment, the false-positive target held on the calibration days' legitimate traffic. */
export function staticThresholds(payments: readonly ScoredStreamPayment[], target: number, o: DriftExperimentOptions): Map<string, number> {
  const end = o.start + o.calibrationDays * DAY_MS;
  const calibration = payments.filter((p) => p.at < end);
  return new Map(
    segmentsOf(payments).map((segment) => {
      const legitimate = calibration.filter((p) => p.segment === segment && !p.fraud).map((p) => p.score).sort((a, b) => a - b);
      return [segment, thresholdForTailShare(legitimate, target)];
    }),
  );
}

/**
 * One threshold for every segment, fixed over the evaluation days: swept over a grid, these points give
 * the best any static threshold could have done, even one chosen in hindsight on the evaluation data.
 * `targetFalsePositiveRate` is NaN: no target chose it.
 */
export function runFixedThreshold(payments: readonly ScoredStreamPayment[], threshold: number, o: DriftExperimentOptions): OperatingPoint & { threshold: number } {
  const evaluated = payments.filter((p) => p.at >= o.start + o.calibrationDays * DAY_MS);
  return { ...evaluate(evaluated, (p) => p.score >= threshold, Number.NaN), threshold };
}

export function runStatic(payments: readonly ScoredStreamPayment[], target: number, o: DriftExperimentOptions): OperatingPoint {
  const thresholds = staticThresholds(payments, target, o);
  const evaluated = payments.filter((p) => p.at >= o.start + o.calibrationDays * DAY_MS);
  return evaluate(evaluated, (p) => p.score >= (thresholds.get(p.segment) ?? 1), target);
}

/**
 * The dynamic thresholds: they start where the static ones do, then at each day's start every segment
 * is recalibrated with the service's own rule (recalibrateThresholds, same guardrails) from the
 * trailing window's scores and only the labels known by then, which depend on what was decided
 * (labelKnownAfterDecision).
 */
export function runDynamic(payments: readonly ScoredStreamPayment[], target: number, o: DriftExperimentOptions): DynamicRun {
  const segments = segmentsOf(payments);
  const initial = staticThresholds(payments, target, o);
  const current = new Map(segments.map((s) => [s, { review: Math.max(o.guardrails.floor, (initial.get(s) ?? 1) - 0.1), decline: initial.get(s) ?? 1, frozen: false }]));
  const byDay: ScoredStreamPayment[][] = Array.from({ length: o.days }, () => []);
  for (const p of payments) byDay[Math.min(o.days - 1, Math.max(0, Math.floor((p.at - o.start) / DAY_MS)))]?.push(p);
  const trajectory: DynamicRun['trajectory'] = [];
  const evaluated: ScoredStreamPayment[] = [];
  const declineOf = new Map<ScoredStreamPayment, number>();
  const labelAt = new Map<ScoredStreamPayment, number | null>();
  const decideDay = (day: number, record: boolean) => {
    for (const p of byDay[day] ?? []) {
      const thresholds = current.get(p.segment) as ThresholdPair;
      labelAt.set(p, labelKnownAfterDecision(p, decide(p.score, thresholds)));
      if (!record) continue;
      evaluated.push(p);
      declineOf.set(p, thresholds.decline);
    }
  };
  // The calibration days ran under the initial thresholds: their decisions set which labels came back.
  for (let day = 0; day < o.calibrationDays; day += 1) decideDay(day, false);
  for (let day = o.calibrationDays; day < o.days; day += 1) {
    const now = o.start + day * DAY_MS;
    const window = byDay.slice(Math.max(0, day - o.windowDays), day).flat();
    for (const segment of segments) {
      const samples = window.filter((p) => p.segment === segment).map((p) => {
        const known = labelAt.get(p) ?? null;
        return { score: p.score, label: known !== null && known <= now ? (p.fraud ? ('fraud' as const) : ('legitimate' as const)) : null };
      });
      const thresholds = current.get(segment) as { review: number; decline: number; frozen: boolean };
      const outcome = recalibrateThresholds(thresholds, samples, { reviewRate: o.reviewRate, falsePositiveRate: target }, o.guardrails);
      if (outcome.moved) current.set(segment, { ...outcome.thresholds, frozen: false });
      trajectory.push({ day, segment, decline: (current.get(segment) as { decline: number }).decline });
    }
    decideDay(day, true);
  }
  return { ...evaluate(evaluated, (p) => p.score >= (declineOf.get(p) ?? 1), target), trajectory };
}

/**
 * The fewest false positives static thresholds need for a given recall: the lower envelope of the
 * points (any static point with at least that recall), interpolated linearly between envelope points;
 * null when no point reaches the recall.
 */
export function falsePositivesAtRecall(curve: readonly OperatingPoint[], recall: number): number | null {
  const byRecall = [...curve].sort((a, b) => b.recall - a.recall || a.falsePositives - b.falsePositives);
  const envelope: OperatingPoint[] = [];
  for (const point of byRecall) {
    const last = envelope.at(-1);
    if (!last || point.falsePositives < last.falsePositives) envelope.push(point);
  }
  envelope.reverse();
  if (envelope.length === 0 || recall > (envelope.at(-1) as OperatingPoint).recall) return null;
  if (recall <= (envelope[0] as OperatingPoint).recall) return (envelope[0] as OperatingPoint).falsePositives;
  for (let i = 1; i < envelope.length; i += 1) {
    const low = envelope[i - 1] as OperatingPoint;
    const high = envelope[i] as OperatingPoint;
    if (recall <= high.recall) {
      const t = (recall - low.recall) / (high.recall - low.recall);
      return low.falsePositives + t * (high.falsePositives - low.falsePositives);
    }
  }
  return null;
}
