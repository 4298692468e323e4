import { createHmac } from 'node:crypto';

export const WEBHOOK_SIGNATURE_HEADER = 'x-mosaic-signature';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the receiver recomputes it with the shared
 * secret and refuses a stale t, so a captured delivery cannot be replayed later. One scheme for every
 * callback and webhook the platform sends.
 */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')}`;
}
