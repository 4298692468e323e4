import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, SpineModule } from '@mosaic/platform-http';
import type { Logger } from '@mosaic/platform-observability';
import { AlertsModule } from './alerts/alerts.module';
import { AssetsModule } from './assets/assets.module';
import type { TelemetryConfig } from './config/telemetry.config';
import { IngestionModule } from './ingestion/ingestion.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { PredictionModule } from './prediction/prediction.module';
import { TELEMETRY_QUEUES, TELEMETRY_SPINE } from './queues';

@Module({})
export class AppModule {
  static register(config: TelemetryConfig, logger: Logger, service = 'telemetry-api'): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ service, config, logger, queues: TELEMETRY_QUEUES }),
        SpineModule.forService(TELEMETRY_SPINE),
        AssetsModule,
        IngestionModule,
        MaintenanceModule,
        PredictionModule,
        AlertsModule,
      ],
    };
  }
}
