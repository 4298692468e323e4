import { createHmac } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@mosaic/platform-config';
import type { TelemetryConfig } from '../config/telemetry.config';
import { alertView } from './alert.view';
import { AlertsRepository } from './alerts.repository';

export class WebhookDeliveryError extends Error {
  override name = 'WebhookDeliveryError';
}

/**
 * `x-mosaic-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the receiver recomputes
 * it with the shared secret, and rejects old timestamps to stop replays.
 */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')}`;
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
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'mosaic-telemetry-webhooks/1.0',
          'x-mosaic-event': delivery.event,
          'x-mosaic-delivery': deliveryId,
          'x-mosaic-signature': signWebhook(this.config.ALERT_WEBHOOK_SECRET, body, Math.floor(Date.now() / 1000)),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
      });
      statusCode = response.status;
      await response.body?.cancel();
      if (!response.ok) throw new WebhookDeliveryError(`the webhook answered ${response.status}`);
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
