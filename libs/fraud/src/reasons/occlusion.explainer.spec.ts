import { buildFeatures } from '../features/fused-features.builder';
import { INPUT_NAMES } from '../features/feature-spec.constants';
import { type ModelInputs, toModelInputs } from '../features/model-inputs.tensor';
import type { ScoreRequest } from '../request/score-request.schema';
import { buildOcclusionBatch, explainScores } from './occlusion.explainer';
import { REASON_CODES, REASON_GROUPS, occlude } from './reason-codes.catalog';

/** One row of stacked inputs, per input, as plain arrays. */
const rowOf = (inputs: ModelInputs, row: number) =>
  Object.fromEntries(INPUT_NAMES.map((name) => {
    const width = inputs[name].dims[1] as number;
    return [name, Array.from(inputs[name].data.subarray(row * width, (row + 1) * width) as ArrayLike<number | bigint>)];
  }));

const request: ScoreRequest = {
  transactionId: 'tx-1',
  timestamp: '2026-11-26T03:00:00Z',
  amount: 900,
  currency: 'USD',
  account: { id: 'acc-1' },
  merchant: { category: 'misc_net' },
  memo: 'police safe account transfer',
};

describe('occlusion reasons', () => {
  it('has one group per stable code', () => {
    expect(REASON_GROUPS.map((g) => g.code)).toEqual([...REASON_CODES]);
  });

  it('occludes only groups that are present, each row exactly as occlude() sees it, leaving the original row as is', () => {
    const features = buildFeatures(request, null);
    const batch = buildOcclusionBatch(features);
    const codes = batch.groups.map((g) => g.code);
    expect(codes).toEqual(expect.arrayContaining(['AMOUNT', 'MEMO_TEXT', 'MERCHANT_CATEGORY', 'CHANNEL']));
    expect(codes).not.toContain('NEW_DEVICE');
    expect(batch.rows).toBe(codes.length + 1);
    expect(batch.inputs.memo.dims[0]).toBe(batch.rows);
    expect(rowOf(batch.inputs, 0)).toEqual(rowOf(toModelInputs([features]), 0));
    batch.groups.forEach((group, i) => expect(rowOf(batch.inputs, i + 1)).toEqual(rowOf(toModelInputs([occlude(features, group)]), 0)));
    const memoRow = rowOf(batch.inputs, 1 + codes.indexOf('MEMO_TEXT'));
    expect(memoRow['memo_mask']).toEqual([0]);
    expect(memoRow['memo']?.every((v) => v === 0)).toBe(true);
    expect(features.memoMask[0]).toBe(1);
  });

  it('ranks the groups whose removal lowers the score most', () => {
    const batch = buildOcclusionBatch(buildFeatures(request, null));
    const scores = [0.9, ...batch.groups.map((g) => (g.code === 'MEMO_TEXT' ? 0.2 : g.code === 'AMOUNT' ? 0.7 : 0.95))];
    const reasons = explainScores(batch, scores, 2);
    expect(reasons.map((r) => r.code)).toEqual(['MEMO_TEXT', 'AMOUNT']);
    expect(reasons[0]?.contribution).toBeCloseTo(0.7, 6);
    expect(reasons[1]?.detail).toBe('amount 900.00');
    expect(() => explainScores(batch, [0.5])).toThrow();
  });
});
