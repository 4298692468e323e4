import type { HostTensor } from '../backend/onnx-backend';
import { ExpertStats, routingOf } from './expert-stats';

/** Router outputs of top-1 routing: each row's expert and its weight. */
function top1(experts: number[], weights: number[]): [HostTensor, HostTensor] {
  return [
    { type: 'float32', dims: [weights.length, 1], data: Float32Array.from(weights) },
    { type: 'int64', dims: [experts.length, 1], data: BigInt64Array.from(experts.map(BigInt)) },
  ];
}

describe('routingOf', () => {
  it('reads each row top-k experts and weights from the router outputs', () => {
    const routing = routingOf(
      { type: 'float32', dims: [2, 2], data: Float32Array.from([0.75, 0.25, 0.5, 0.5]) },
      { type: 'int64', dims: [2, 2], data: BigInt64Array.from([3n, 1n, 0n, 2n]) },
    );
    expect(routing).toEqual([
      { experts: [3, 1], weights: [0.75, 0.25] },
      { experts: [0, 2], weights: [0.5, 0.5] },
    ]);
  });

  it('gives one entry per position for token-level outputs', () => {
    const routing = routingOf(
      { type: 'float32', dims: [1, 2, 1], data: Float32Array.from([1, 1]) },
      { type: 'int64', dims: [1, 2, 1], data: BigInt64Array.from([2n, 0n]) },
    );
    expect(routing).toEqual([
      { experts: [2], weights: [1] },
      { experts: [0], weights: [1] },
    ]);
  });
});

describe('ExpertStats', () => {
  it('gives a CV of 0 for even load and counts rows under the top-weight floor', () => {
    const stats = new ExpertStats(2, 1, 0.6);
    expect(stats.record(...top1([0, 1], [0.9, 0.55]))).toEqual([1, 1]);
    expect(stats.snapshot()).toMatchObject({ windowLoad: [1, 1], loadCv: 0, lowTopWeightShare: 0.5, windowRows: 2 });
  });

  it('forgets rows that leave the window but keeps the totals', () => {
    const stats = new ExpertStats(2, 1, 0.5, 2);
    expect(stats.record(...top1([0, 0, 1, 1], [1, 1, 1, 1]))).toEqual([2, 2]);
    const snapshot = stats.snapshot();
    expect(snapshot.windowLoad).toEqual([0, 2]);
    expect(snapshot.totalLoad).toEqual([2, 2]);
    expect(snapshot.loadCv).toBeCloseTo(1, 10);
  });

  it('reads top-k rows and token-level outputs, and ignores indices outside the expert range', () => {
    const stats = new ExpertStats(3, 2, 0.5);
    const counts = stats.record(
      { type: 'float32', dims: [1, 2, 2], data: Float32Array.from([0.7, 0.3, 0.4, 0.35]) },
      { type: 'int64', dims: [1, 2, 2], data: BigInt64Array.from([2n, 0n, 1n, 7n]) },
    );
    expect(counts).toEqual([1, 1, 1]);
    expect(stats.snapshot()).toMatchObject({ windowLoad: [1, 1, 1], lowTopWeightShare: 0.5, windowRows: 2 });
  });
});
