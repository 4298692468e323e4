import { z } from 'zod';
import { ISO_4217_CODES } from './currency-codes.constants';

/** Memos beyond this are refused rather than truncated: a payment memo is a line, not a document. */
export const MAX_MEMO_LENGTH = 1_000;

const geo = z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).strict();
const shortText = (max: number) => z.string().min(1).max(max);

export const CHANNELS = ['online', 'pos', 'atm', 'transfer', 'mobile'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A payment to score, as POST /v1/transactions/score receives it (shared/contracts/fraud.md). */
export const scoreRequestSchema = z
  .object({
    transactionId: shortText(128),
    timestamp: z.iso.datetime({ offset: true }),
    amount: z.number().positive().finite().max(1e12),
    currency: z.string().refine((code) => ISO_4217_CODES.has(code), { message: 'not an ISO 4217 currency code' }),
    channel: z.enum(CHANNELS).optional(),
    account: z
      .object({
        id: shortText(128),
        holder: z
          .object({
            birthDate: z.iso.date().optional(),
            gender: shortText(16).optional(),
            home: geo.optional(),
            cityPopulation: z.number().int().nonnegative().optional(),
            occupation: shortText(200).optional(),
          })
          .strict()
          .optional(),
      })
      .strict(),
    merchant: z
      .object({
        id: shortText(128).optional(),
        name: shortText(200).optional(),
        category: shortText(64).optional(),
        country: z
          .string()
          .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code')
          .optional(),
        geo: geo.optional(),
      })
      .strict()
      .optional(),
    memo: z.string().max(MAX_MEMO_LENGTH).optional(),
    device: z
      .object({
        id: shortText(128).optional(),
        fingerprint: shortText(256).optional(),
        ip: shortText(64).optional(),
        userAgent: shortText(512).optional(),
        geo: geo.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type ScoreRequest = z.infer<typeof scoreRequestSchema>;
export type GeoPoint = z.infer<typeof geo>;
