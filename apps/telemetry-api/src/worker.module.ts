import { type DynamicModule, Module } from '@nestjs/common';
import { PingProcessor, PlatformModule, SpineModule } from '@mosaic/platform-http';
import { MessagingModule } from '@mosaic/platform-messaging';
import type { Logger } from '@mosaic/platform-observability';
import { AlertDeliveryProcessor } from './alerts/alert-delivery.processor';
import { AlertsModule } from './alerts/alerts.module';
import type { TelemetryConfig } from './config/telemetry.config';
import { BatchPredictionProcessor } from './prediction/batch-prediction.processor';
import { BatchPredictionModule } from './prediction/prediction.module';
import { TELEMETRY_QUEUES, TELEMETRY_SPINE } from './queues';
import { RawSignalRetentionProcessor } from './retention/raw-signal-retention.processor';
import { RetentionModule } from './retention/retention.module';

/** The worker process: the same platform without HTTP, and a processor for every queue of the app. */
@Module({})
export class WorkerModule {
  static register(config: TelemetryConfig, logger: Logger, service = 'telemetry-worker'): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot({ service, config, logger, queues: TELEMETRY_QUEUES }),
        MessagingModule.forWorker({
          imports: [SpineModule.forService(TELEMETRY_SPINE), BatchPredictionModule, AlertsModule, RetentionModule],
          processors: [PingProcessor, BatchPredictionProcessor, AlertDeliveryProcessor, RawSignalRetentionProcessor],
        }),
      ],
    };
  }
}
