import { z } from 'zod';

export const ASSET_KINDS = ['motor', 'pump', 'fan', 'gearbox', 'other'] as const;

/** The client's own asset id: what a gateway puts in every batch. */
export const assetIdSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'at most 128 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, 'letters, digits and . _ : / - only, starting with a letter or digit');

const webhookUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .max(2_000, 'at most 2000 characters');

export const registerAssetSchema = z
  .object({
    assetId: assetIdSchema,
    name: z.string().trim().min(1).max(200).optional(),
    kind: z.enum(ASSET_KINDS).optional(),
    nominalRpm: z.number().positive().max(100_000).optional(),
    alertWebhookUrl: webhookUrl.nullable().optional(),
  })
  .strict();

export type RegisterAsset = z.infer<typeof registerAssetSchema>;

export const assetSchema = z.object({
  assetId: z.string(),
  name: z.string().nullable(),
  kind: z.enum(ASSET_KINDS),
  nominalRpm: z.number().nullable(),
  alertWebhookUrl: z.string().nullable(),
  state: z.object({
    label: z.string().nullable().describe('label of the newest predicted window'),
    failureRisk: z.number().nullable(),
    lastWindowAt: z.iso.datetime().nullable(),
    windowsPredicted: z.number().int(),
    openAlerts: z.number().int(),
  }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export type AssetView = z.infer<typeof assetSchema>;
