import { z } from 'zod';
import { assetIdSchema } from '../../assets/dto/asset.dto';

export const createMaintenanceLogSchema = z
  .object({
    assetId: assetIdSchema,
    at: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }),
    text: z.string().trim().min(1, 'must not be empty').max(4_000, 'at most 4000 characters'),
  })
  .strict();

export type CreateMaintenanceLog = z.infer<typeof createMaintenanceLogSchema>;

export const maintenanceLogSchema = z.object({
  logId: z.uuid(),
  assetId: z.string(),
  at: z.iso.datetime(),
  createdAt: z.iso.datetime(),
});

export type MaintenanceLogView = z.infer<typeof maintenanceLogSchema>;
