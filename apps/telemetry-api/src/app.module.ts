import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, SpineModule } from '@mosaic/platform-http';
import type { Logger } from '@mosaic/platform-observability';
import type { TelemetryConfig } from './config/telemetry.config';
import { TELEMETRY_QUEUES, TELEMETRY_SPINE } from './queues';

@Module({})
export class AppModule {
  static register(config: TelemetryConfig, logger: Logger, service = 'telemetry-api'): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ service, config, logger, queues: TELEMETRY_QUEUES }), SpineModule.forService(TELEMETRY_SPINE)],
    };
  }
}
