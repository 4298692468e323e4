import type { FraudFeatures } from '../features/fused-features.builder';
import { type ReasonCode, type ReasonGroup, REASON_GROUPS, groupPresent, occlude } from './reason-codes.catalog';

export interface Reason {
  code: ReasonCode;
  /** Score with everything minus score with this group occluded: how much it pushed toward fraud. */
  contribution: number;
  detail: string;
}

export interface OcclusionBatch {
  /** Row 0 is the request as is; row i + 1 has groups[i] occluded. Score them in one call. */
  rows: FraudFeatures[];
  groups: ReasonGroup[];
}

/** The rows to score together for reason codes, skipping groups that have nothing present to occlude. */
export function buildOcclusionBatch(features: FraudFeatures, groups: readonly ReasonGroup[] = REASON_GROUPS): OcclusionBatch {
  const present = groups.filter((g) => groupPresent(features, g));
  return { rows: [features, ...present.map((g) => occlude(features, g))], groups: present };
}

/**
 * The groups that raised the score most, largest first. `scores` are the model's probabilities for
 * batch.rows in order; groups that lowered the score are not reasons for a fraud decision.
 */
export function explainScores(batch: OcclusionBatch, scores: ArrayLike<number>, limit = 3): Reason[] {
  const full = scores[0];
  if (full === undefined || scores.length !== batch.rows.length) {
    throw new Error(`explainScores: expected ${batch.rows.length} scores, got ${scores.length}`);
  }
  const facts = batch.rows[0]?.facts;
  if (!facts) return [];
  return batch.groups
    .map((group, i) => ({ code: group.code, contribution: full - (scores[i + 1] ?? full), detail: group.detail(facts) }))
    .filter((r) => r.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, limit);
}
