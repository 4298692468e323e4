import { z } from 'zod';

export const feedbackSchema = z
  .object({
    label: z.enum(['fraud', 'legitimate']),
    source: z.enum(['chargeback', 'analyst', 'customer']),
    at: z.iso
      .datetime({ offset: true })
      .refine((value) => Date.parse(value) <= Date.now() + 60 * 60_000, { message: 'more than an hour in the future' })
      .optional(),
  })
  .strict();
export type Feedback = z.infer<typeof feedbackSchema>;
