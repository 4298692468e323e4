import { z } from 'zod';

export const createPingSchema = z
  .object({
    message: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters'),
    repeat: z.number().int('must be a whole number').min(1).max(10),
  })
  .strict();

export type CreatePing = z.infer<typeof createPingSchema>;

export const pingSchema = z.object({
  pingId: z.uuid(),
  status: z.enum(['queued', 'processing', 'completed', 'failed']),
  result: z.string().nullable(),
  createdAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
});

export type PingView = z.infer<typeof pingSchema>;
