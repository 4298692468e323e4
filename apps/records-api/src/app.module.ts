import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, SpineModule } from '@mosaic/platform-http';
import type { Logger } from '@mosaic/platform-observability';
import type { RecordsConfig } from './config/records.config';
import { RECORDS_QUEUES, RECORDS_SPINE } from './queues';
import { RecordsApiModule } from './records-api.module';

@Module({})
export class AppModule {
  static register(config: RecordsConfig, logger: Logger, service = 'records-api'): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ service, config, logger, queues: RECORDS_QUEUES }), SpineModule.forService(RECORDS_SPINE), RecordsApiModule],
    };
  }
}
