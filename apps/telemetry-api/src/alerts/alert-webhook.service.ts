import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@mosaic/platform-config';
import { sendWebhook } from '@mosaic/platform-http';
import type { TelemetryConfig } from '../config/telemetry.config';
import { alertView } from './alert.view';
import { AlertsRepository } from './alerts.repository';

export class WebhookDeliveryError extends Error {
  override name = 'WebhookDeliveryError';
}

@Injectable()
export class AlertWebhookService {
  private readonly logger = new Logger(AlertWebhookService.name);

  constructor(
    private readonly alerts: AlertsRepository,
    @Inject(APP_CONFIG) private readonly config: TelemetryConfig,
  ) {}

  /** POSTs one alert event; throws on a non-2xx answer or a network error so that the job is retried with backoff. */
  async deliver(deliveryId: string, attempt: { number: number; final: boolean }): Promise<void> {
    const delivery = await this.alerts.findDelivery(deliveryId);
    if (!delivery || delivery.status === 'delivered') return;
    const { alert } = delivery;
    const body = JSON.stringify({
      event: delivery.event,
      deliveryId,
      alert: alertView({ ...alert, deliveries: [] }),
      asset: { assetId: alert.asset.assetId, name: alert.asset.name, kind: alert.asset.kind },
    });
    let statusCode: number | undefined;
    try {
      // Maintenance systems on the shop floor are usually on the plant's internal network.
      statusCode = await sendWebhook({
        url: delivery.url,
        body,
        secret: this.config.ALERT_WEBHOOK_SECRET,
        timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
        allowInternal: true,
        headers: { 'x-mosaic-event': delivery.event, 'x-mosaic-delivery': deliveryId },
      });
      if (statusCode < 200 || statusCode >= 300) throw new WebhookDeliveryError(`the webhook answered ${statusCode}`);
    } catch (error) {
      const reason = error instanceof WebhookDeliveryError ? error.message : `request failed: ${(error as Error).name}`;
      await this.alerts.recordAttempt(deliveryId, { statusCode, error: reason, delivered: false, final: attempt.final });
      this.logger.warn({ deliveryId, attempt: attempt.number, statusCode, final: attempt.final }, 'alert webhook not delivered');
      throw error instanceof WebhookDeliveryError ? error : new WebhookDeliveryError(reason);
    }
    await this.alerts.recordAttempt(deliveryId, { statusCode, delivered: true, final: true });
    this.logger.log({ deliveryId, attempt: attempt.number, statusCode }, 'alert webhook delivered');
  }
}
