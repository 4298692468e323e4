import { ExpertStats, routingOf } from './expert-stats';

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
    stats.record([
      { experts: [0], weights: [0.9] },
      { experts: [1], weights: [0.55] },
    ]);
    expect(stats.snapshot()).toMatchObject({ windowLoad: [1, 1], loadCv: 0, lowTopWeightShare: 0.5, windowRows: 2 });
  });

  it('forgets rows that leave the window but keeps the totals', () => {
    const stats = new ExpertStats(2, 1, 0.5, 2);
    stats.record([0, 0, 1, 1].map((e) => ({ experts: [e], weights: [1] })));
    const snapshot = stats.snapshot();
    expect(snapshot.windowLoad).toEqual([0, 2]);
    expect(snapshot.totalLoad).toEqual([2, 2]);
    expect(snapshot.loadCv).toBeCloseTo(1, 10);
  });
});
