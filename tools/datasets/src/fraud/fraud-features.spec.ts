/**
 * Training and serving must not drift apart: the same payments, once through the scoring service's
 * path (validate the JSON body, read state as Redis would return it, build one row, fold the payment
 * in, write the state back as JSON) and once through the dataset tool's path (replay, stack, write and
 * read the tensor files), must give byte-identical tensors.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AccountState,
  type DeviceState,
  type FraudFeatures,
  applyTransaction,
  buildFeatures,
  deviceKeyOf,
  initialState,
  scoreRequestSchema,
  toModelInputs,
} from '@mosaic/fraud';
import { readSplit, writeSplit } from '../common/tensor-store';
import { rowsToTensors } from './fraud-dataset.main';
import { replayIntoSplits } from './fraud-splits';
import { expandShortDate, parseSparkov, type LabelledRequest } from './sparkov.loader';
import { MEMO_OR_DEVICE_ONLY, generateSyntheticTransactions } from './synthetic-transactions.generator';

/** Invented people in Sparkov's two layouts (no row of the real files is copied here). */
const HEADER =
  ',trans_date_trans_time,cc_num,merchant,category,amt,first,last,gender,street,city,state,zip,lat,long,city_pop,job,dob,trans_num,unix_time,merch_lat,merch_long,is_fraud';
const CLEAN = `${HEADER}
0,2019-01-01 00:10:00,4000111122223333,"fraud_Acme, Widgets and Sons",grocery_pos,12.5,Ada,Test,F,1 Main St,Springfield,IL,62701,39.78,-89.65,116250,"Engineer, civil",1990-05-17,aaaa0001,1325376600,39.9,-89.7,0
1,2019-01-01 23:05:00,4000111122223333,fraud_Bogus LLC,shopping_net,912.04,Ada,Test,F,1 Main St,Springfield,IL,62701,39.78,-89.65,116250,"Engineer, civil",1990-05-17,aaaa0002,1325459100,40.4,-90.1,1
`;
const MANGLED = `\uFEFF${HEADER}
7,1/2/19 3:15,4.00011E+15,fraud_Bogus LLC,misc_net,7.99,Ada,Test,F,1 Main St,Springfield,IL,62701,39.78,-89.65,116250,"Engineer, civil",5/17/90,aaaa0003,1325474100,40.1,-89.9,1
`;

function servingPath(rows: readonly LabelledRequest[], behaviourKnown: boolean): Record<string, ArrayLike<number | bigint>> {
  const redis = new Map<string, string>();
  const perRow: FraudFeatures[] = [];
  for (const row of rows) {
    const request = scoreRequestSchema.parse(JSON.parse(JSON.stringify(row.request)));
    const key = deviceKeyOf(request);
    const stored = {
      account: JSON.parse(redis.get(`account:${request.account.id}`) ?? 'null') as AccountState | null,
      device: key === null ? null : (JSON.parse(redis.get(`device:${key}`) ?? 'null') as DeviceState | null),
    };
    const state = initialState(request, stored);
    perRow.push(buildFeatures(request, behaviourKnown ? state : null));
    const next = applyTransaction(state, request);
    redis.set(`account:${request.account.id}`, JSON.stringify(next.account));
    if (next.device) redis.set(`device:${next.device.deviceKey}`, JSON.stringify(next.device));
  }
  // Each request is scored alone on the hot path; stacking single rows must equal stacking them all.
  const singles = perRow.map((f) => toModelInputs([f]));
  const out: Record<string, Array<number | bigint>> = {};
  for (const inputs of singles) for (const [name, t] of Object.entries(inputs)) (out[name] ??= []).push(...Array.from(t.data as ArrayLike<number | bigint>));
  return out;
}

function datasetPath(rows: readonly LabelledRequest[], behaviourKnown: boolean): Record<string, ArrayLike<number | bigint>> {
  const dir = mkdtempSync(join(tmpdir(), 'fraud-features-'));
  try {
    const split = replayIntoSplits(rows, () => 'train', { behaviourKnown }).train;
    writeSplit(dir, 'fixture', rowsToTensors(split));
    const { tensors } = readSplit(dir, 'fixture');
    return Object.fromEntries(Object.entries(tensors).map(([name, t]) => [name, t.data]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function expectIdentical(rows: readonly LabelledRequest[], behaviourKnown: boolean): void {
  const serving = servingPath(rows, behaviourKnown);
  const dataset = datasetPath(rows, behaviourKnown);
  for (const [name, values] of Object.entries(serving)) {
    expect({ name, values: Array.from(dataset[name] ?? []) }).toEqual({ name, values: Array.from(values) });
  }
}

describe('fraud features: serving path = dataset path', () => {
  const synthetic = generateSyntheticTransactions({ seed: 7, accounts: 40, days: 4, start: '2026-03-01T00:00:00Z' });

  it('gives identical tensors for a synthetic stream with memos, devices and every fraud pattern', () => {
    expect(synthetic.some((r) => r.label === 1)).toBe(true);
    expect(synthetic.some((r) => r.request.memo !== undefined && r.request.device !== undefined)).toBe(true);
    expectIdentical(synthetic, true);
  });

  it('gives identical tensors for Sparkov rows from both layouts', () => {
    const rows = [...parseSparkov(CLEAN, false), ...parseSparkov(MANGLED, true)].sort((a, b) => a.at - b.at);
    expectIdentical(rows, false);
  });

  it('would notice a feature that differs between the paths', () => {
    const serving = servingPath(synthetic.slice(0, 20), true);
    const dataset = datasetPath(synthetic.slice(0, 20), false);
    expect(Array.from(dataset.behaviour_mask ?? [])).not.toEqual(Array.from(serving.behaviour_mask ?? []));
  });
});

describe('sparkov loader', () => {
  it('reads both layouts into the same card and the same clock', () => {
    const [clean] = parseSparkov(CLEAN, false);
    const [mangled] = parseSparkov(MANGLED, true);
    expect(mangled?.accountId).toBe(clean?.accountId);
    expect(clean?.request.timestamp).toBe('2019-01-01T00:10:00Z');
    expect(mangled?.request.timestamp).toBe('2019-01-02T03:15:00Z');
    expect(mangled?.request.account.holder?.birthDate).toBe('1990-05-17');
    expect(clean?.request.merchant?.name).toBe('Acme, Widgets and Sons');
    expect(JSON.stringify(clean?.request)).not.toContain('Ada');
  });

  it('expands 2-digit birth years around the data year', () => {
    expect(expandShortDate('3/9/88')).toBe('1988-03-09');
    expect(expandShortDate('7/5/01')).toBe('2001-07-05');
    expect(expandShortDate('12/31/19')).toBe('2019-12-31');
  });
});

describe('synthetic generator', () => {
  it('is reproducible from its seed and labels the memo-only and device-only patterns', () => {
    const options = { seed: 11, accounts: 150, days: 8, start: '2026-03-01T00:00:00Z' };
    const a = generateSyntheticTransactions(options);
    expect(generateSyntheticTransactions(options)).toEqual(a);
    const patterns = new Set(a.map((r) => r.pattern));
    for (const p of MEMO_OR_DEVICE_ONLY) expect(patterns).toContain(p);
    expect(a.filter((r) => r.pattern === 'social_engineering').every((r) => r.request.memo !== undefined)).toBe(true);
    expect(a.some((r) => /[\u4e00-\u9fff]/u.test(r.request.memo ?? '')) && a.some((r) => /^[\x20-\x7e]+$/.test(r.request.memo ?? ''))).toBe(true);
  });
});
