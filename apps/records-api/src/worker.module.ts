import { type DynamicModule, Module } from '@nestjs/common';
import { PingProcessor, PlatformModule, SpineModule } from '@mosaic/platform-http';
import { MessagingModule } from '@mosaic/platform-messaging';
import type { Logger } from '@mosaic/platform-observability';
import type { RecordsConfig } from './config/records.config';
import { RECORDS_QUEUES, RECORDS_SPINE } from './queues';

/** The worker process: the same platform without HTTP, and a processor for every queue of the app. */
@Module({})
export class WorkerModule {
  static register(config: RecordsConfig, logger: Logger, service = 'records-worker'): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot({ service, config, logger, queues: RECORDS_QUEUES }),
        MessagingModule.forWorker({ imports: [SpineModule.forService(RECORDS_SPINE)], processors: [PingProcessor] }),
      ],
    };
  }
}
