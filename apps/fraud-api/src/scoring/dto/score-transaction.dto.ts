import { z } from 'zod';
import { scoreRequestSchema } from '@mosaic/fraud';

/** A payment switch's clock may run a little ahead; a payment dated further ahead is a mistake. */
export const MAX_CLOCK_SKEW_MS = 60 * 60_000;
/** Nothing was paid by card before this; an older date is a mistake too (a default or an epoch zero). */
const EARLIEST = Date.parse('1990-01-01T00:00:00Z');

/** The contract's score request, with the timestamp bounded: the domain schema checks its shape only. */
export const scoreTransactionSchema = scoreRequestSchema.extend({
  timestamp: scoreRequestSchema.shape.timestamp
    .refine((value) => Date.parse(value) <= Date.now() + MAX_CLOCK_SKEW_MS, { message: 'more than an hour in the future' })
    .refine((value) => Date.parse(value) >= EARLIEST, { message: 'before 1990' }),
});
export type ScoreTransaction = z.infer<typeof scoreTransactionSchema>;
