import { Injectable } from '@nestjs/common';
import { PrismaService, type Prisma, type TelemetryAlert, type TelemetryWebhookDelivery } from '@mosaic/platform-database';

export type AlertRecord = TelemetryAlert & { asset: { assetId: string; name: string | null; kind: string }; deliveries: TelemetryWebhookDelivery[] };

const withAssetAndDeliveries = { asset: { select: { assetId: true, name: true, kind: true } }, deliveries: { orderBy: { createdAt: 'asc' } } } as const;

@Injectable()
export class AlertsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** A page of the tenant's alerts, newest first, after the cursor (openedAt, id). */
  page(tenantId: string, filter: { status?: string; assetRowId?: string }, limit: number, after?: { openedAt: Date; id: string }): Promise<AlertRecord[]> {
    const where: Prisma.TelemetryAlertWhereInput = { tenantId, status: filter.status, assetRowId: filter.assetRowId };
    if (after) where.AND = [{ OR: [{ openedAt: { lt: after.openedAt } }, { openedAt: after.openedAt, id: { lt: after.id } }] }];
    return this.prisma.telemetryAlert.findMany({ where, orderBy: [{ openedAt: 'desc' }, { id: 'desc' }], take: limit, include: withAssetAndDeliveries });
  }

  findForTenant(id: string, tenantId: string): Promise<AlertRecord | null> {
    return this.prisma.telemetryAlert.findFirst({ where: { id, tenantId }, include: withAssetAndDeliveries });
  }

  findDelivery(id: string): Promise<(TelemetryWebhookDelivery & { alert: AlertRecord }) | null> {
    return this.prisma.telemetryWebhookDelivery.findUnique({ where: { id }, include: { alert: { include: withAssetAndDeliveries } } });
  }

  async recordAttempt(id: string, outcome: { statusCode?: number; error?: string; delivered: boolean; final: boolean }): Promise<void> {
    await this.prisma.telemetryWebhookDelivery.update({
      where: { id },
      data: {
        attempts: { increment: 1 },
        lastStatusCode: outcome.statusCode ?? null,
        lastError: outcome.error ?? null,
        status: outcome.delivered ? 'delivered' : outcome.final ? 'failed' : 'pending',
        deliveredAt: outcome.delivered ? new Date() : undefined,
      },
    });
  }
}
