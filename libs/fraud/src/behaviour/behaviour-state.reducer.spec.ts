import type { ScoreRequest } from '../request/score-request.schema';
import { BehaviourReplayStore } from './behaviour-replay.store';
import { DAY_MS, KNOWN_DEVICE_CAP, applyTransaction, initialState } from './behaviour-state.reducer';

const payment = (minute: number, amount: number, device?: string, account = 'acc-1'): ScoreRequest => ({
  transactionId: `tx-${account}-${minute}`,
  timestamp: new Date(Date.UTC(2026, 0, 1) + minute * 60_000).toISOString(),
  amount,
  currency: 'USD',
  account: { id: account },
  ...(device ? { device: { id: device, geo: { lat: 31.2, lon: 121.5 } } } : {}),
});

describe('applyTransaction', () => {
  it('returns a new state and leaves its input untouched', () => {
    const before = initialState(payment(0, 10, 'd-1'));
    const frozen = JSON.stringify(before);
    const after = applyTransaction(before, payment(0, 10, 'd-1'));
    expect(JSON.stringify(before)).toBe(frozen);
    expect(after.account.count).toBe(1);
    expect(after.account.knownDevices).toEqual(['d-1']);
    expect(after.device?.distinctAccounts).toBe(1);
  });

  it('keeps a 24 hour window and a running mean of log amounts', () => {
    let state = initialState(payment(0, 10));
    for (const [minute, amount] of [[0, 10], [60, 20], [60 * 24 + 30, 30]] as const) state = applyTransaction(state, payment(minute, amount));
    expect(state.account.window.map((e) => e.amount)).toEqual([20, 30]);
    expect(state.account.logAmountMean).toBeCloseTo((Math.log1p(10) + Math.log1p(20) + Math.log1p(30)) / 3, 10);
    expect(state.account.lastAt).toBe(Date.UTC(2026, 0, 1) + (60 * 24 + 30) * 60_000);
  });

  it('does not move the clock back for a late payment, and drops nothing newer than a day', () => {
    let state = initialState(payment(600, 10));
    state = applyTransaction(state, payment(600, 10));
    state = applyTransaction(state, payment(0, 5));
    expect(state.account.lastAt).toBe(Date.UTC(2026, 0, 1) + 600 * 60_000);
    expect(state.account.window.map((e) => e.amount)).toEqual([5, 10]);
    expect(state.account.window.every((e) => e.at > (state.account.lastAt ?? 0) - DAY_MS)).toBe(true);
  });

  it('bounds the known devices of an account', () => {
    let state = initialState(payment(0, 1, 'd-0'));
    for (let i = 0; i < KNOWN_DEVICE_CAP + 5; i++) {
      const request = payment(i, 1, `d-${i}`);
      state = applyTransaction({ account: state.account, device: initialState(request).device }, request);
    }
    expect(state.account.knownDevices).toHaveLength(KNOWN_DEVICE_CAP);
    expect(state.account.knownDevices.at(-1)).toBe(`d-${KNOWN_DEVICE_CAP + 4}`);
  });

  it('survives a JSON round trip, as it must in Redis', () => {
    const store = new BehaviourReplayStore();
    store.featuresThenApply(payment(0, 10, 'd-1'));
    store.featuresThenApply(payment(5, 10, 'd-1', 'acc-2'));
    const device = store.device('d-1');
    expect(JSON.parse(JSON.stringify(device))).toEqual(device);
    expect(device?.distinctAccounts).toBe(2);
  });
});
