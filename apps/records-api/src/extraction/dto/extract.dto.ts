import { z } from 'zod';

/** The most characters POST /v1/extract takes; longer documents go through POST /v1/documents. */
export const SYNC_MAX_CHARACTERS = 20_000;

export const extractRequestSchema = z.strictObject({
  text: z
    .string()
    .max(SYNC_MAX_CHARACTERS, `at most ${SYNC_MAX_CHARACTERS} characters; upload longer documents to POST /v1/documents`)
    .refine((t) => t.trim().length > 0, 'must contain text, not only whitespace'),
});
export type ExtractRequest = z.infer<typeof extractRequestSchema>;
