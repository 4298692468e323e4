import { Injectable } from '@nestjs/common';
import type { JobHandlers, QueueProcessor } from '@mosaic/platform-messaging';
import { AlertWebhookService } from './alert-webhook.service';

@Injectable()
export class AlertDeliveryProcessor implements QueueProcessor<'telemetry-alerts'> {
  readonly queue = 'telemetry-alerts' as const;
  readonly handlers: JobHandlers<'telemetry-alerts'>;

  constructor(webhooks: AlertWebhookService) {
    this.handlers = {
      'deliver-alert': ({ deliveryId }, job) => webhooks.deliver(deliveryId, { number: job.attempt, final: job.attempt >= job.maxAttempts }),
    };
  }
}
