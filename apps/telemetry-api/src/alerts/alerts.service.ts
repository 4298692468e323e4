import { Injectable, NotFoundException } from '@nestjs/common';
import { RequestValidationException } from '@mosaic/platform-http';
import { AssetsRepository } from '../assets/assets.repository';
import { alertView } from './alert.view';
import { AlertsRepository, type AlertRecord } from './alerts.repository';
import type { AlertView, AlertsPage, AlertsQuery } from './dto/alert.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(cursor: string): { openedAt: Date; id: string } {
  const [at = '', id = ''] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const openedAt = new Date(at);
  if (Number.isNaN(openedAt.getTime()) || !UUID.test(id)) {
    throw new RequestValidationException('invalid cursor', [{ path: 'cursor', message: 'pass back the nextCursor of the previous page unchanged' }]);
  }
  return { openedAt, id };
}

@Injectable()
export class AlertsService {
  constructor(
    private readonly alerts: AlertsRepository,
    private readonly assets: AssetsRepository,
  ) {}

  async list(tenantId: string, query: AlertsQuery): Promise<AlertsPage> {
    let assetRowId: string | undefined;
    if (query.assetId) {
      const asset = await this.assets.find(tenantId, query.assetId);
      if (!asset) return { items: [], nextCursor: null };
      assetRowId = asset.id;
    }
    const rows = await this.alerts.page(tenantId, { status: query.status, assetRowId }, query.limit + 1, query.cursor ? decodeCursor(query.cursor) : undefined);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1] as AlertRecord | undefined;
    return {
      items: page.map(alertView),
      nextCursor: rows.length > query.limit && last ? Buffer.from(`${last.openedAt.toISOString()}|${last.id}`).toString('base64url') : null,
    };
  }

  async get(tenantId: string, alertId: string): Promise<AlertView> {
    const alert = UUID.test(alertId) ? await this.alerts.findForTenant(alertId, tenantId) : null;
    if (!alert) throw new NotFoundException(`no alert ${alertId}`);
    return alertView(alert);
  }
}
