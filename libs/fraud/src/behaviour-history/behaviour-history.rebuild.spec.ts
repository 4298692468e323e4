import { BehaviourReplayStore } from '../behaviour/behaviour-replay.store';
import { deviceKeyOf } from '../behaviour/behaviour-state.reducer';
import type { ScoreRequest } from '../request/score-request.schema';
import { rebuildBehaviourState, storedPaymentOf } from './behaviour-history.rebuild';

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 26, 12, 0) + minutes * 60_000).toISOString();

const history: ScoreRequest[] = [
  { transactionId: 't1', timestamp: at(0), amount: 20, currency: 'CNY', account: { id: 'a1' }, device: { fingerprint: 'fp-1', geo: { lat: 31.2, lon: 121.5 } } },
  { transactionId: 't2', timestamp: at(30), amount: 35, currency: 'CNY', account: { id: 'a1' }, merchant: { geo: { lat: 39.9, lon: 116.4 } } },
  { transactionId: 't3', timestamp: at(40), amount: 500, currency: 'CNY', account: { id: 'a2' }, device: { fingerprint: 'fp-1' } },
  { transactionId: 't4', timestamp: at(50), amount: 12, currency: 'CNY', account: { id: 'a1' }, device: { id: 'd-7' } },
];
const next: ScoreRequest = { transactionId: 't5', timestamp: at(60), amount: 80, currency: 'CNY', account: { id: 'a1' }, device: { fingerprint: 'fp-1' } };

describe('rebuildBehaviourState', () => {
  it('rebuilds from stored payments the state that live scoring built, so the next features are the same', () => {
    const live = new BehaviourReplayStore();
    for (const request of history) live.featuresThenApply(request);
    const stored = history.map(storedPaymentOf);
    const rebuilt = rebuildBehaviourState(
      next,
      stored.filter((p) => p.accountId === 'a1'),
      stored.filter((p) => p.deviceKey === deviceKeyOf(next)),
    );
    expect(rebuilt.account).toEqual(live.account('a1'));
    expect(rebuilt.device).toEqual(live.device('fp-1'));
  });

  it('starts empty for an account and device never seen', () => {
    const state = rebuildBehaviourState(next, [], []);
    expect(state.account.count).toBe(0);
    expect(state.device?.count).toBe(0);
  });
});
