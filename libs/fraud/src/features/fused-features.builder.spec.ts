import { BehaviourReplayStore } from '../behaviour/behaviour-replay.store';
import type { ScoreRequest } from '../request/score-request.schema';
import { BEHAVIOUR_FEATURES, DEVICE_FEATURES, TRANSACTION_FEATURES } from './feature-spec.constants';
import { buildFeatures, wallClockHour } from './fused-features.builder';
import { categoryId, readCategory } from './categorical.vocabulary';
import { MEMO_DIM, hashMemo } from './memo-text.hasher';
import { toModelInputs } from './model-inputs.tensor';

const base: ScoreRequest = {
  transactionId: 'tx-1',
  timestamp: '2026-11-26T23:30:00+08:00',
  amount: 100,
  currency: 'CNY',
  account: { id: 'acc-1', holder: { birthDate: '1990-01-01', home: { lat: 31.23, lon: 121.47 } } },
  merchant: { category: 'grocery_pos', country: 'CN', geo: { lat: 39.9, lon: 116.4 } },
};
const column = (names: readonly string[], name: string) => names.indexOf(name);

describe('buildFeatures', () => {
  it('reports every modality the request lacks as missing', () => {
    const f = buildFeatures({ transactionId: 't', timestamp: '2026-11-26T12:00:00Z', amount: 5, currency: 'USD', account: { id: 'a' } }, null);
    expect(Array.from(f.behaviourMask).every((m) => m === 0)).toBe(true);
    expect(Array.from(f.deviceMask).every((m) => m === 0)).toBe(true);
    expect(f.memoMask[0]).toBe(0);
    expect(Array.from(f.categorical)).toEqual([0, 0, 0]);
    expect(f.transactionMask[column(TRANSACTION_FEATURES, 'holder_age')]).toBe(0);
    expect(f.transactionMask[column(TRANSACTION_FEATURES, 'log_amount')]).toBe(1);
  });

  it('reads the hour from the timestamp its sender wrote, and the distance from home', () => {
    expect(wallClockHour(base.timestamp)).toBe(23.5);
    const f = buildFeatures(base, null);
    expect(f.facts.homeMerchantKm).toBeGreaterThan(1000);
    expect(f.facts.homeMerchantKm).toBeLessThan(1100);
    expect(f.facts.channel).toBe('pos');
    expect(f.facts.category).toBe('grocery');
  });

  it('sees velocity and an amount far above the account history', () => {
    const store = new BehaviourReplayStore();
    for (let i = 0; i < 6; i++) store.featuresThenApply({ ...base, transactionId: `t${i}`, timestamp: `2026-11-26T10:0${i}:00Z`, amount: 20 + i });
    const f = store.featuresThenApply({ ...base, transactionId: 'big', timestamp: '2026-11-26T10:30:00Z', amount: 5000 });
    expect(f.facts.count1h).toBe(6);
    expect(f.facts.amountZ).toBeGreaterThan(3);
    expect(f.behaviour[column(BEHAVIOUR_FEATURES, 'velocity_1h')]).toBeCloseTo(Math.log1p(6), 6);
    const quiet = store.featuresThenApply({ ...base, transactionId: 'later', timestamp: '2026-11-28T10:30:00Z', amount: 21 });
    expect(quiet.facts.count24h).toBe(0);
    expect(Math.abs(quiet.facts.amountZ ?? 99)).toBeLessThan(2);
  });

  it('flags a new device and a device shared across accounts', () => {
    const store = new BehaviourReplayStore();
    const on = (account: string, minute: number, device: string) =>
      store.featuresThenApply({ ...base, transactionId: `${account}-${minute}`, timestamp: `2026-11-26T10:${String(minute).padStart(2, '0')}:00Z`, account: { id: account }, device: { id: device } });
    on('acc-1', 0, 'phone-1');
    expect(on('acc-1', 1, 'phone-1').facts.newDevice).toBe(false);
    for (let i = 2; i < 8; i++) on(`mule-${i}`, i, 'farm');
    const shared = on('acc-1', 9, 'farm');
    expect(shared.facts.newDevice).toBe(true);
    expect(shared.facts.deviceAccounts).toBe(7);
    expect(shared.deviceMask[column(DEVICE_FEATURES, 'device_home_km')]).toBe(0);
  });
});

describe('categories', () => {
  it('gives an MCC and the matching category name one id', () => {
    expect(categoryId('5411')).toBe(categoryId('grocery_pos'));
    expect(categoryId('grocery_net')).toBe(categoryId('grocery_pos'));
    expect(readCategory('shopping_net').channelHint).toBe('online');
    expect(categoryId('something new')).toBeGreaterThan(categoryId('crypto'));
    expect(categoryId(undefined)).toBe(0);
  });
});

describe('hashMemo', () => {
  it('embeds Chinese and English memos, ignores which digits an order number has, and is unit length', () => {
    const zh = hashMemo('公安局要求转账到安全账户');
    const en = hashMemo('refund for order 8812');
    expect(zh).not.toBeNull();
    expect(Array.from(hashMemo('refund for order 1234') ?? [])).toEqual(Array.from(en ?? []));
    const norm = Math.hypot(...Array.from(zh ?? []));
    expect(norm).toBeCloseTo(1, 5);
    expect(hashMemo('   ')).toBeNull();
    expect(zh).toHaveLength(MEMO_DIM);
  });

  it('keeps similar memos closer than unrelated ones', () => {
    const dot = (a: Float32Array | null, b: Float32Array | null) => Array.from(a ?? []).reduce((s, v, i) => s + v * (b?.[i] ?? 0), 0);
    const safe = hashMemo('转账到安全账户');
    expect(dot(safe, hashMemo('立即转入安全账户'))).toBeGreaterThan(dot(safe, hashMemo('lunch with colleagues')));
  });
});

describe('toModelInputs', () => {
  it('stacks rows per modality with int64 category ids', () => {
    const rows = [buildFeatures(base, null), buildFeatures({ ...base, memo: 'hello' }, null)];
    const inputs = toModelInputs(rows);
    expect(inputs.memo.dims).toEqual([2, MEMO_DIM]);
    expect(inputs.memo_mask.data[0]).toBe(0);
    expect(inputs.memo_mask.data[1]).toBe(1);
    expect(inputs.categorical.type).toBe('int64');
    expect(inputs.categorical.data[1]).toBe(BigInt(categoryId('grocery_pos')));
  });
});
