import type { ThresholdPair } from './decision.rules';

export type FeedbackLabel = 'fraud' | 'legitimate';

/** A recent decision's score and, when feedback came back, its label. */
export interface ScoredSample {
  score: number;
  label: FeedbackLabel | null;
}

/** What a segment's thresholds are set to hold. */
export interface ThresholdTargets {
  /** Share of all payments sent to review (score between the two thresholds). */
  reviewRate: number;
  /** Share of legitimate payments declined. */
  falsePositiveRate: number;
}

export interface RecalibrationGuardrails {
  /** Fewer recent decisions than this and the thresholds hold: a small sample's tail is noise. */
  minSamples: number;
  /** Largest move of either threshold in one recalibration. */
  maxStep: number;
  /** Smallest distance kept between review and decline. */
  minGap: number;
  floor: number;
  ceiling: number;
  /** Moves smaller than this are not worth a new version. */
  tolerance: number;
}

export interface CurrentThresholds extends ThresholdPair {
  frozen: boolean;
}

export interface RecalibrationStats {
  samples: number;
  labelledFraud: number;
  labelledLegitimate: number;
  /** Rates under the thresholds in force, over the same sample. */
  observedReviewRate: number;
  observedFalsePositiveRate: number;
  /** Where the targets alone would put the thresholds, before step limits. */
  targetReview: number;
  targetDecline: number;
}

export type RecalibrationOutcome =
  | { moved: false; reason: string; stats: RecalibrationStats | null }
  | { moved: true; thresholds: ThresholdPair; reason: string; stats: RecalibrationStats; stepLimited: boolean };

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
/** Thresholds are stored and shown to six decimals; rounding here keeps the stored and computed ones equal. */
const round6 = (value: number) => Math.round(value * 1e6) / 1e6;
const pct = (value: number) => `${(value * 100).toFixed(2)}%`;
const fixed = (value: number) => value.toFixed(3);

/**
 * The lowest threshold that leaves at most `share` of `ascending` at or above it: halfway between the
 * last value kept below and the first one let above, so a small shift of the sample does not flip it.
 */
export function thresholdForTailShare(ascending: readonly number[], share: number, ceiling = 1): number {
  const n = ascending.length;
  if (n === 0) return ceiling;
  const allowed = Math.floor(clamp(share, 0, 1) * n);
  if (allowed >= n) return 0;
  const below = ascending[n - allowed - 1] as number;
  const above = allowed > 0 ? (ascending[n - allowed] as number) : Math.max(ceiling, below);
  return above > below ? (below + above) / 2 : Math.min(ceiling, below + 1e-6);
}

function shareAtOrAbove(ascending: readonly number[], threshold: number): number {
  if (ascending.length === 0) return 0;
  let low = 0;
  let high = ascending.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((ascending[mid] as number) < threshold) low = mid + 1;
    else high = mid;
  }
  return (ascending.length - low) / ascending.length;
}

/**
 * New review and decline thresholds from the recent score distribution and the labels known so far.
 * Decline holds the false-positive rate on the payments presumed legitimate (everything not labelled
 * fraud: chargebacks are how fraud gets known, and most payments are never labelled); review then
 * holds the review rate on all payments. Each threshold moves at most `maxStep`, stays inside
 * [floor, ceiling] and review stays `minGap` below decline. Pure: the caller stores the outcome.
 */
export function recalibrateThresholds(
  current: CurrentThresholds,
  samples: readonly ScoredSample[],
  targets: ThresholdTargets,
  guardrails: RecalibrationGuardrails,
): RecalibrationOutcome {
  if (current.frozen) return { moved: false, reason: 'frozen by an operator', stats: null };
  if (samples.length < guardrails.minSamples) {
    return { moved: false, reason: `only ${samples.length} recent decisions, fewer than the ${guardrails.minSamples} required`, stats: null };
  }
  const all = samples.map((s) => s.score).sort((a, b) => a - b);
  const legitimate = samples.filter((s) => s.label !== 'fraud').map((s) => s.score).sort((a, b) => a - b);
  const labelledFraud = samples.length - legitimate.length;
  const labelledLegitimate = samples.filter((s) => s.label === 'legitimate').length;

  const targetDecline = clamp(thresholdForTailShare(legitimate, targets.falsePositiveRate, guardrails.ceiling), guardrails.floor, guardrails.ceiling);
  const declinedShare = shareAtOrAbove(all, targetDecline);
  const targetReview = clamp(thresholdForTailShare(all, targets.reviewRate + declinedShare, guardrails.ceiling), guardrails.floor, guardrails.ceiling);

  const stats: RecalibrationStats = {
    samples: samples.length,
    labelledFraud,
    labelledLegitimate,
    observedReviewRate: shareAtOrAbove(all, current.review) - shareAtOrAbove(all, current.decline),
    observedFalsePositiveRate: shareAtOrAbove(legitimate, current.decline),
    targetReview,
    targetDecline,
  };

  const step = (from: number, to: number) => from + clamp(to - from, -guardrails.maxStep, guardrails.maxStep);
  const decline = round6(clamp(step(current.decline, targetDecline), guardrails.floor + guardrails.minGap, guardrails.ceiling));
  const review = round6(clamp(step(current.review, targetReview), guardrails.floor, decline - guardrails.minGap));
  const stepLimited = Math.abs(targetDecline - current.decline) > guardrails.maxStep || Math.abs(targetReview - current.review) > guardrails.maxStep;

  if (Math.abs(decline - current.decline) < guardrails.tolerance && Math.abs(review - current.review) < guardrails.tolerance) {
    return { moved: false, reason: `within ${guardrails.tolerance} of the targets`, stats };
  }
  const limited = (from: number, to: number, target: number) =>
    `${fixed(from)} -> ${fixed(to)}${Math.abs(target - to) > 1e-9 ? ` (target ${fixed(target)}, step-limited)` : ''}`;
  const reason =
    `decline ${limited(current.decline, decline, targetDecline)} to hold a false-positive rate of ${pct(targets.falsePositiveRate)} ` +
    `(observed ${pct(stats.observedFalsePositiveRate)} over ${legitimate.length} payments presumed legitimate, ${labelledFraud} labelled fraud); ` +
    `review ${limited(current.review, review, targetReview)} to hold a review rate of ${pct(targets.reviewRate)} (observed ${pct(stats.observedReviewRate)} of ${samples.length})`;
  return { moved: true, thresholds: { review, decline }, reason, stats, stepLimited };
}
