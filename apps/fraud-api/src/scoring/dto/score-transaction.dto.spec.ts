import { scoreTransactionSchema } from './score-transaction.dto';

const base = { transactionId: 'tx-1', amount: 10, currency: 'EUR', account: { id: 'a-1' } };

describe('scoreTransactionSchema', () => {
  it('accepts now and the recent past, in any zone', () => {
    expect(scoreTransactionSchema.safeParse({ ...base, timestamp: new Date().toISOString() }).success).toBe(true);
    expect(scoreTransactionSchema.safeParse({ ...base, timestamp: '2024-02-29T23:59:59+08:00' }).success).toBe(true);
  });

  it.each([
    ['a day ahead', new Date(Date.now() + 86_400_000).toISOString()],
    ['the year 1970', '1970-01-01T00:00:00Z'],
  ])('refuses a timestamp %s at the timestamp path', (_case, timestamp) => {
    const result = scoreTransactionSchema.safeParse({ ...base, timestamp });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['timestamp']);
  });
});
