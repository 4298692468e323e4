import { randomUUID } from 'node:crypto';
import type { ScoreRequest } from '@mosaic/fraud';

/** The contract's example payment, with a fresh transaction id, at `minutesAgo` before now. */
export function payment(overrides: Partial<ScoreRequest> = {}, minutesAgo = 0): ScoreRequest {
  return {
    transactionId: `tx-${randomUUID()}`,
    timestamp: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    amount: 129.99,
    currency: 'CNY',
    channel: 'online',
    account: {
      id: `acc-${randomUUID().slice(0, 8)}`,
      holder: { birthDate: '1988-03-09', gender: 'F', home: { lat: 36.08, lon: -81.18 }, cityPopulation: 3495, occupation: 'Psychologist' },
    },
    merchant: { id: 'm-77', name: 'Rippin, Kub and Mann', category: 'misc_net', country: 'US', geo: { lat: 36.01, lon: -82.05 } },
    memo: 'refund for order 8812',
    device: { id: 'd-9', fingerprint: `fp-${randomUUID()}`, ip: '203.0.113.7', userAgent: 'Mozilla/5.0', geo: { lat: 36.0, lon: -82.0 } },
    ...overrides,
  };
}

/** Valid requests of every shape the contract allows: each modality may be missing. */
export const okPayments = (): ScoreRequest[] => [
  payment(),
  { transactionId: `tx-${randomUUID()}`, timestamp: new Date().toISOString(), amount: 0.01, currency: 'USD', account: { id: 'acc-minimal' } },
  payment({ channel: 'pos', memo: undefined, device: undefined, merchant: { category: '5411', country: 'CN' } }),
  payment({ channel: 'transfer', memo: '按公安局要求转入安全账户', timestamp: '2026-11-26T20:00:00+08:00' }),
];

const far = new Date(Date.now() + 3 * 86_400_000).toISOString();

/** Invalid bodies and every path each must be refused for (400). */
export const notOkPayments = (): { name: string; body: unknown; paths: string[] }[] => [
  { name: 'an unknown currency', body: payment({ currency: 'XYZ' }), paths: ['currency'] },
  { name: 'a negative amount', body: payment({ amount: -5 }), paths: ['amount'] },
  { name: 'a zero amount', body: payment({ amount: 0 }), paths: ['amount'] },
  { name: 'a timestamp three days ahead', body: payment({ timestamp: far }), paths: ['timestamp'] },
  { name: 'a timestamp without a zone', body: payment({ timestamp: '2026-11-26T12:00:00' }), paths: ['timestamp'] },
  { name: 'an unknown channel', body: payment({ channel: 'fax' as never }), paths: ['channel'] },
  {
    name: 'wrong types everywhere',
    body: { transactionId: 42, timestamp: true, amount: '12.50', currency: 7, account: { id: ['a'] }, merchant: { geo: { lat: 'north', lon: 0 } } },
    paths: ['transactionId', 'timestamp', 'amount', 'currency', 'account.id', 'merchant.geo.lat'],
  },
  { name: 'missing required fields', body: { memo: 'hello' }, paths: ['transactionId', 'timestamp', 'amount', 'currency', 'account'] },
  { name: 'an over-long memo', body: payment({ memo: 'x'.repeat(5_000) }), paths: ['memo'] },
  { name: 'an unknown field', body: { ...payment(), cardNumber: '4111111111111111' }, paths: [''] },
  { name: 'an array body', body: [payment()], paths: [''] },
];
