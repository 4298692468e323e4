import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module';
import { AlertDeliveryProcessor } from './alert-delivery.processor';
import { AlertWebhookService } from './alert-webhook.service';
import { AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';

@Module({
  imports: [AssetsModule],
  controllers: [AlertsController],
  providers: [AlertsRepository, AlertsService, AlertWebhookService, AlertDeliveryProcessor],
  exports: [AlertDeliveryProcessor],
})
export class AlertsModule {}
