import type { AlertRecord } from './alerts.repository';
import type { AlertView } from './dto/alert.dto';

export function alertView(alert: AlertRecord): AlertView {
  return {
    alertId: alert.id,
    assetId: alert.asset.assetId,
    fault: alert.fault,
    status: alert.status as AlertView['status'],
    openedAt: alert.openedAt.toISOString(),
    openingRisk: alert.openingRisk,
    peakRisk: alert.peakRisk,
    closedAt: alert.closedAt?.toISOString() ?? null,
    closingRisk: alert.closingRisk,
    webhook: alert.deliveries.map((d) => ({
      event: d.event as AlertView['webhook'][number]['event'],
      status: d.status as AlertView['webhook'][number]['status'],
      attempts: d.attempts,
      lastStatusCode: d.lastStatusCode,
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
    })),
  };
}
