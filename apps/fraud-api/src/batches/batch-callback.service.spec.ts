import { createHmac } from 'node:crypto';
import { signCallback } from './batch-callback.service';

describe('signCallback', () => {
  it('signs "<t>.<body>" with HMAC-SHA256, so a receiver holding the secret can verify and date it', () => {
    const body = JSON.stringify({ event: 'batch.completed', batchId: 'b-1' });
    const signature = signCallback('a-shared-secret-of-some-length', body, 1_764_200_000);
    const expected = createHmac('sha256', 'a-shared-secret-of-some-length').update(`1764200000.${body}`).digest('hex');
    expect(signature).toBe(`t=1764200000,v1=${expected}`);
    expect(signCallback('another-secret-of-some-length', body, 1_764_200_000)).not.toBe(signature);
    expect(signCallback('a-shared-secret-of-some-length', `${body} `, 1_764_200_000)).not.toBe(signature);
  });
});
