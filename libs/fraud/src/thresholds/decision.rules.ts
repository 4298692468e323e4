/** What the service does with a payment: let it through, hold it for an analyst, or refuse it. */
export const DECISIONS = ['approve', 'review', 'decline'] as const;
export type Decision = (typeof DECISIONS)[number];

/** A segment's decision boundaries on the calibrated fraud probability; review <= decline. */
export interface ThresholdPair {
  review: number;
  decline: number;
}

/** Scores at or above a boundary take its decision, so a threshold of 1 still declines a certain fraud. */
export function decide(score: number, thresholds: ThresholdPair): Decision {
  if (score >= thresholds.decline) return 'decline';
  if (score >= thresholds.review) return 'review';
  return 'approve';
}

/** Thresholds are kept per segment; the channel is the segment, and a payment without one is "unknown". */
export function segmentOf(channel: string | null | undefined): string {
  return channel ?? 'unknown';
}
