import { z } from 'zod';
import { extractionSchema } from '../../extraction/dto/extraction.dto';

const text = z.string().refine((t) => t.trim().length > 0, 'must contain text, not only whitespace');
const externalId = z.string().trim().min(1).max(200).describe("the client's own reference for the document, returned as given");
const callbackUrl = z.string().min(1).max(2048).describe('POSTed to (signed) when the document is completed or failed; its host must be on the allow-list');

/** POST /v1/documents as JSON. */
export const uploadDocumentSchema = z.strictObject({ text, externalId: externalId.optional(), callbackUrl: callbackUrl.optional() });
export type UploadDocument = z.infer<typeof uploadDocumentSchema>;

/** The text fields that may accompany a multipart `file` part. */
export const uploadFieldsSchema = z.strictObject({
  externalId: externalId.optional(),
  callbackUrl: callbackUrl.optional(),
  charset: z.string().max(40).optional().describe('the charset of a text/plain file when it is not UTF-8: gb18030 or big5'),
});
export type UploadFields = z.infer<typeof uploadFieldsSchema>;

/** The same upload as the OpenAPI document shows it: either body. */
export const uploadDocumentMultipartSchema = z.object({
  file: z.string().describe('a text/plain or application/pdf file (binary)'),
  externalId: externalId.optional(),
  callbackUrl: callbackUrl.optional(),
  charset: z.string().optional(),
});

export const documentAcceptedSchema = z.object({ documentId: z.uuid(), status: z.literal('queued') });
export type DocumentAccepted = z.infer<typeof documentAcceptedSchema>;

export const documentStatusSchema = z.enum(['queued', 'processing', 'completed', 'failed']);

export const reviewViewSchema = z.object({
  reviewer: z.string().describe('the API key that submitted the correction'),
  reviewedAt: z.iso.datetime(),
  extraction: extractionSchema,
});

export const documentSchema = z.object({
  documentId: z.uuid(),
  status: documentStatusSchema,
  createdAt: z.iso.datetime(),
  completedAt: z.iso.datetime().optional(),
  error: z.string().optional(),
  externalId: z.string().optional(),
  extraction: extractionSchema.optional().describe("the model's extraction, once completed; kept as it was after a review"),
  review: reviewViewSchema.optional().describe("the latest reviewer's correction, when there is one"),
});
export type DocumentView = z.infer<typeof documentSchema>;
