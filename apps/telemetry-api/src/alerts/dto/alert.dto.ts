import { z } from 'zod';
import { assetIdSchema } from '../../assets/dto/asset.dto';

export const alertsQuerySchema = z
  .object({
    status: z.enum(['open', 'closed']).optional(),
    assetId: assetIdSchema.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().max(200).optional(),
  })
  .strict();

export type AlertsQuery = z.infer<typeof alertsQuerySchema>;

export const alertSchema = z.object({
  alertId: z.uuid(),
  assetId: z.string(),
  fault: z.string().describe('inner_race | outer_race | ball'),
  status: z.enum(['open', 'closed']),
  openedAt: z.iso.datetime().describe('start of the window that opened it'),
  openingRisk: z.number().describe('smoothed fault risk when it opened'),
  peakRisk: z.number(),
  closedAt: z.iso.datetime().nullable(),
  closingRisk: z.number().nullable(),
  webhook: z.array(
    z.object({
      event: z.enum(['alert.opened', 'alert.closed']),
      status: z.enum(['pending', 'delivered', 'failed']),
      attempts: z.number().int(),
      lastStatusCode: z.number().int().nullable(),
      deliveredAt: z.iso.datetime().nullable(),
    }),
  ),
});

export type AlertView = z.infer<typeof alertSchema>;

export const alertsPageSchema = z.object({ items: z.array(alertSchema), nextCursor: z.string().nullable() });

export type AlertsPage = z.infer<typeof alertsPageSchema>;
