import { z } from 'zod';
import { scoreTransactionSchema } from '../../scoring/dto/score-transaction.dto';
import { scoreResponseSchema } from '../../scoring/dto/score-response.dto';

/** The contract's limit; FRAUD_BATCH_MAX may lower it. */
export const MAX_BATCH = 10_000;

export const submitBatchSchema = z
  .object({
    transactions: z.array(scoreTransactionSchema).min(1).max(MAX_BATCH),
    callbackUrl: z.url({ protocol: /^https?$/, hostname: z.regexes.hostname }).max(2048).optional(),
  })
  .strict();
export type SubmitBatch = z.infer<typeof submitBatchSchema>;

export const BATCH_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;

export const batchAcceptedSchema = z.object({ batchId: z.uuid(), status: z.enum(BATCH_STATUSES) });

export const batchViewSchema = z.object({
  batchId: z.uuid(),
  status: z.enum(BATCH_STATUSES),
  total: z.number().int(),
  processed: z.number().int().describe('Transactions scored so far (progress)'),
  failed: z.number().int(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  completedAt: z.iso.datetime().nullable(),
  callback: z.object({ status: z.enum(['pending', 'delivered', 'failed']), attempts: z.number().int() }).nullable(),
  results: z
    .array(
      z.object({
        index: z.number().int(),
        transactionId: z.string(),
        status: z.enum(['scored', 'failed']),
        result: scoreResponseSchema.nullable(),
        error: z.string().nullable(),
      }),
    )
    .optional()
    .describe('Once completed: one entry per submitted transaction, in request order'),
});
export type BatchView = z.infer<typeof batchViewSchema>;
