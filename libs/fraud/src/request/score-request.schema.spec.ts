import { scoreRequestSchema } from './score-request.schema';

const minimal = { transactionId: 'tx-1', timestamp: '2026-11-26T12:00:00Z', amount: 12.5, currency: 'CNY', account: { id: 'acc-1' } };

describe('scoreRequestSchema', () => {
  it('accepts the contract example and a minimal request', () => {
    expect(
      scoreRequestSchema.safeParse({
        ...minimal,
        channel: 'online',
        account: { id: 'acc-1', holder: { birthDate: '1988-03-09', gender: 'F', home: { lat: 36.08, lon: -81.18 }, cityPopulation: 3495, occupation: 'Psychologist' } },
        merchant: { id: 'm-77', name: 'Rippin, Kub and Mann', category: 'misc_net', country: 'US', geo: { lat: 36.01, lon: -82.05 } },
        memo: 'refund for order 8812',
        device: { id: 'd-9', fingerprint: 'a1b2', ip: '203.0.113.7', userAgent: 'Mozilla/5.0', geo: { lat: 36, lon: -82 } },
      }).success,
    ).toBe(true);
    expect(scoreRequestSchema.safeParse(minimal).success).toBe(true);
  });

  it.each([
    ['a negative amount', { amount: -1 }, 'amount'],
    ['an unknown currency', { currency: 'XYZ' }, 'currency'],
    ['an unknown channel', { channel: 'fax' }, 'channel'],
    ['a timestamp without a zone', { timestamp: '2026-11-26T12:00:00' }, 'timestamp'],
    ['a latitude out of range', { merchant: { geo: { lat: 91, lon: 0 } } }, 'merchant.geo.lat'],
    ['an over-long memo', { memo: 'x'.repeat(1_001) }, 'memo'],
    ['an unknown field', { extra: 1 }, ''],
  ])('refuses %s, naming the path', (_case, patch, path) => {
    const result = scoreRequestSchema.safeParse({ ...minimal, ...patch });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});
