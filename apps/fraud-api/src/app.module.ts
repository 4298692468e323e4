import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, SpineModule } from '@mosaic/platform-http';
import type { Logger } from '@mosaic/platform-observability';
import type { FraudConfig } from './config/fraud.config';
import { FRAUD_QUEUES, FRAUD_SPINE } from './queues';

@Module({})
export class AppModule {
  static register(config: FraudConfig, logger: Logger, service = 'fraud-api'): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ service, config, logger, queues: FRAUD_QUEUES }), SpineModule.forService(FRAUD_SPINE)],
    };
  }
}
