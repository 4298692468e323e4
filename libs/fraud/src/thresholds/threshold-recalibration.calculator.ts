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

/**
 * The same for weighted values (weights sum to the population): the lowest threshold whose tail holds
 * at most `share` of the total weight.
 */
export function thresholdForWeightedTail(ascending: readonly { value: number; weight: number }[], share: number, ceiling = 1): number {
  const total = ascending.reduce((sum, v) => sum + v.weight, 0);
  if (ascending.length === 0 || total <= 0) return ceiling;
  const budget = clamp(share, 0, 1) * total;
  let tail = 0;
  for (let i = ascending.length - 1; i >= 0; i -= 1) {
    const here = ascending[i] as { value: number; weight: number };
    tail += here.weight;
    if (tail > budget + 1e-12) {
      const above = i + 1 < ascending.length ? (ascending[i + 1] as { value: number }).value : Math.max(ceiling, here.value);
      return above > here.value ? (here.value + above) / 2 : Math.min(ceiling, here.value + 1e-9);
    }
  }
  return 0;
}

function weightedShareAtOrAbove(ascending: readonly { value: number; weight: number }[], threshold: number): number {
  const total = ascending.reduce((sum, v) => sum + v.weight, 0);
  return total > 0 ? ascending.filter((v) => v.value >= threshold).reduce((sum, v) => sum + v.weight, 0) / total : 0;
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
 * How much a recent payment counts as legitimate when estimating the false-positive rate: 1 if
 * labelled legitimate, 0 if labelled fraud, and 1 - score if unlabelled (the score is a calibrated
 * probability of fraud). Most payments are never labelled and chargebacks take weeks, so counting every
 * unlabelled payment as legitimate would fill the tail with frauds not yet charged back and push the
 * decline threshold up whenever the fraud rate is comparable to the target.
 */
export function legitimateWeight(sample: ScoredSample): number {
  if (sample.label === 'legitimate') return 1;
  if (sample.label === 'fraud') return 0;
  return 1 - clamp(sample.score, 0, 1);
}

/**
 * New review and decline thresholds from the recent score distribution and the labels known so far.
 * Decline holds the false-positive rate on the legitimate payments (estimated with legitimateWeight);
 * review then holds the review rate on all payments. Each threshold moves at most `maxStep`, stays inside
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
  const legitimate = samples.map((s) => ({ value: s.score, weight: legitimateWeight(s) })).sort((a, b) => a.value - b.value);
  const legitimateCount = legitimate.reduce((sum, v) => sum + v.weight, 0);
  const labelledFraud = samples.filter((s) => s.label === 'fraud').length;
  const labelledLegitimate = samples.filter((s) => s.label === 'legitimate').length;

  const targetDecline = clamp(thresholdForWeightedTail(legitimate, targets.falsePositiveRate, guardrails.ceiling), guardrails.floor, guardrails.ceiling);
  const declinedShare = shareAtOrAbove(all, targetDecline);
  const targetReview = clamp(thresholdForTailShare(all, targets.reviewRate + declinedShare, guardrails.ceiling), guardrails.floor, guardrails.ceiling);

  const stats: RecalibrationStats = {
    samples: samples.length,
    labelledFraud,
    labelledLegitimate,
    observedReviewRate: shareAtOrAbove(all, current.review) - shareAtOrAbove(all, current.decline),
    observedFalsePositiveRate: weightedShareAtOrAbove(legitimate, current.decline),
    targetReview,
    targetDecline,
  };

  const step = (from: number, to: number) => from + clamp(to - from, -guardrails.maxStep, guardrails.maxStep);
  const decline = clamp(step(current.decline, targetDecline), guardrails.floor + guardrails.minGap, guardrails.ceiling);
  // The floor wins over the gap only by rounding error (decline >= floor + minGap above).
  const review = Math.max(guardrails.floor, Math.min(step(current.review, targetReview), decline - guardrails.minGap));
  const stepLimited = Math.abs(targetDecline - current.decline) > guardrails.maxStep || Math.abs(targetReview - current.review) > guardrails.maxStep;

  if (Math.abs(decline - current.decline) < guardrails.tolerance && Math.abs(review - current.review) < guardrails.tolerance) {
    return { moved: false, reason: `within ${guardrails.tolerance} of the targets`, stats };
  }
  const limited = (from: number, to: number, target: number) =>
    `${fixed(from)} -> ${fixed(to)}${Math.abs(target - to) > 1e-9 ? ` (target ${fixed(target)}, step-limited)` : ''}`;
  const reason =
    `decline ${limited(current.decline, decline, targetDecline)} to hold a false-positive rate of ${pct(targets.falsePositiveRate)} ` +
    `(estimated ${pct(stats.observedFalsePositiveRate)} over ~${Math.round(legitimateCount)} legitimate payments, ${labelledFraud} labelled fraud, ${labelledLegitimate} labelled legitimate); ` +
    `review ${limited(current.review, review, targetReview)} to hold a review rate of ${pct(targets.reviewRate)} (observed ${pct(stats.observedReviewRate)} of ${samples.length})`;
  return { moved: true, thresholds: { review, decline }, reason, stats, stepLimited };
}
