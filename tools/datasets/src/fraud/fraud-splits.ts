/**
 * Turns labelled requests into split rows, computing every feature through @mosaic/fraud exactly as the
 * scoring service does: one replay in time order, features from the state before each payment.
 *
 * Sparkov (real): negatives exist only in 2019-01-01..01-04 (the 5,039-row head), while the balanced
 * file adds frauds up to 2019-02-28. Splits are by time per class and by card:
 *   - a card with fraud belongs to the split of its first fraud (train before 2019-02-01, else test),
 *     so no fraud episode straddles the splits;
 *   - a card without fraud is assigned by a stable hash (70% train side, 30% test side);
 *   - train-side cards keep negatives before 2019-01-03 and frauds before 2019-02-01; test-side cards
 *     keep negatives from 2019-01-03 and frauds from 2019-02-01; everything else is dropped;
 *   - 15% of the train-side cards (by hash) form the validation split.
 * No card is in two splits; every test row is later than every training row of its class.
 * Sparkov's behaviour modality is reported missing: after 01-04 the files hold frauds only, so an
 * account's replayed history would be an artefact of how the sample was drawn (frauds would look fast
 * and legitimate payments would have no history), which a model would learn instead of fraud.
 *
 * Synthetic: accounts are split by hash (55/15/30) and by time (train days < 24, validation 24..29,
 * test from 30); the whole stream is replayed so that states (and devices shared across accounts) are
 * what a service would have seen.
 */
import { BehaviourReplayStore, type FraudFeatures, fnv1a } from '@mosaic/fraud';
import type { LabelledRequest } from './sparkov.loader';

export type SplitName = 'train' | 'val' | 'test';

export interface SplitRow {
  features: FraudFeatures;
  label: 0 | 1;
  pattern: string;
  transactionId: string;
}

export type Splits = Record<SplitName, SplitRow[]>;

const SPARKOV_NEGATIVE_CUTOFF = Date.parse('2019-01-03T00:00:00Z');
const SPARKOV_FRAUD_CUTOFF = Date.parse('2019-02-01T00:00:00Z');
const bucket = (accountId: string, salt: string) => fnv1a(`${salt}:${accountId}`) % 100;

export function sparkovSplitOf(row: LabelledRequest, firstFraudAt: ReadonlyMap<string, number>): SplitName | null {
  const firstFraud = firstFraudAt.get(row.accountId);
  const trainSide = firstFraud !== undefined ? firstFraud < SPARKOV_FRAUD_CUTOFF : bucket(row.accountId, 'sparkov-side') < 70;
  const cutoff = row.label === 1 ? SPARKOV_FRAUD_CUTOFF : SPARKOV_NEGATIVE_CUTOFF;
  if (trainSide) {
    if (row.at >= cutoff) return null;
    return bucket(row.accountId, 'sparkov-val') < 15 ? 'val' : 'train';
  }
  return row.at >= cutoff ? 'test' : null;
}

export function syntheticSplitOf(row: LabelledRequest, start: number): SplitName | null {
  const day = (row.at - start) / 86_400_000;
  const group = bucket(row.accountId, 'synthetic');
  if (group < 55) return day < 24 ? 'train' : null;
  if (group < 70) return day >= 24 && day < 30 ? 'val' : null;
  return day >= 30 ? 'test' : null;
}

/** Replays `rows` (in time order) through one behaviour store and files each row under its split. */
export function replayIntoSplits(
  rows: readonly LabelledRequest[],
  splitOf: (row: LabelledRequest) => SplitName | null,
  options: { behaviourKnown: boolean },
): Splits {
  const store = new BehaviourReplayStore();
  const splits: Splits = { train: [], val: [], test: [] };
  for (const row of rows) {
    const features = store.featuresThenApply(row.request, { behaviourKnown: options.behaviourKnown });
    const split = splitOf(row);
    if (split) splits[split].push({ features, label: row.label, pattern: row.pattern, transactionId: row.request.transactionId });
  }
  return splits;
}

export function sparkovSplits(rows: readonly LabelledRequest[]): Splits {
  const firstFraudAt = new Map<string, number>();
  for (const row of rows) if (row.label === 1 && !firstFraudAt.has(row.accountId)) firstFraudAt.set(row.accountId, row.at);
  return replayIntoSplits(rows, (row) => sparkovSplitOf(row, firstFraudAt), { behaviourKnown: false });
}

export function syntheticSplits(rows: readonly LabelledRequest[], start: string): Splits {
  const startMs = Date.parse(start);
  return replayIntoSplits(rows, (row) => syntheticSplitOf(row, startMs), { behaviourKnown: true });
}
