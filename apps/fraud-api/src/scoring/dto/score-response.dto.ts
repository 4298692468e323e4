import { z } from 'zod';
import { DECISIONS, REASON_CODES, type ReasonCode } from '@mosaic/fraud';

/** What each stable reason code means. Codes are never renamed or reused; the compiler insists on a line per code. */
export const REASON_CODE_MEANINGS = {
  AMOUNT: 'the amount itself',
  UNUSUAL_HOUR: "the hour of the payment on the sender's clock",
  HOLDER_PROFILE: "the holder's age band and home city size",
  GEO_DISTANCE: "the distance between the holder's home and the merchant",
  AMOUNT_VS_HISTORY: "the amount compared with the account's usual amounts",
  VELOCITY_1H: "the number and sum of the account's payments in the last hour",
  VELOCITY_24H: "the number and sum of the account's payments in the last 24 hours",
  TIME_SINCE_LAST: "the time since the account's previous payment, and how long its history is",
  LOCATION_JUMP: 'the distance from the previous payment and the speed it implies',
  CHANNEL: 'the channel (online, pos, atm, transfer, mobile)',
  MERCHANT_CATEGORY: "the merchant's category",
  MERCHANT_COUNTRY: "the merchant's country",
  MEMO_TEXT: 'the wording of the payment memo',
  NEW_DEVICE: "whether the account has used this device before, and the device's history",
  DEVICE_SHARED: 'how many accounts use this device (in total and in the last 24 hours)',
  DEVICE_LOCATION: 'how far the device is from the holder\'s home and from the merchant',
} as const satisfies Record<ReasonCode, string>;

const reasonCodeDescription =
  'Stable reason code: the features whose occlusion lowered the score most, largest contribution first.\n' +
  Object.entries(REASON_CODE_MEANINGS)
    .map(([code, meaning]) => `- ${code}: ${meaning}`)
    .join('\n');

export const scoreResponseSchema = z.object({
  transactionId: z.string(),
  score: z.number().min(0).max(1).describe('Calibrated probability of fraud'),
  decision: z.enum(DECISIONS),
  thresholds: z.object({
    review: z.number(),
    decline: z.number(),
    version: z.number().int().describe('Version of the segment\'s thresholds that decided (0: configured defaults)'),
    segment: z.string(),
  }),
  reasons: z.array(
    z.object({
      code: z.enum(REASON_CODES).describe(reasonCodeDescription),
      contribution: z.number().describe('Score with everything minus score with these features occluded'),
      detail: z.string(),
    }),
  ),
  experts: z.array(z.object({ expert: z.number().int(), weight: z.number() })).describe('The experts the router chose for this payment, highest weight first'),
  modelVersion: z.string(),
  latencyMs: z.number().describe('Time to decide inside the service, before persistence'),
  degraded: z.boolean().describe('True when Redis was unreachable and the behaviour state came from PostgreSQL'),
});
export type ScoreResponse = z.infer<typeof scoreResponseSchema>;
