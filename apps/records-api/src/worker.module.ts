import { type DynamicModule, Module } from '@nestjs/common';
import { PingProcessor, PlatformModule, SpineModule } from '@mosaic/platform-http';
import { MessagingModule } from '@mosaic/platform-messaging';
import type { Logger } from '@mosaic/platform-observability';
import { CallbackProcessor } from './callbacks/callback.processor';
import type { RecordsConfig } from './config/records.config';
import { ExtractionProcessor } from './extraction/extraction.processor';
import { RECORDS_QUEUES, RECORDS_SPINE } from './queues';
import { RecordsWorkerModule } from './records-worker.module';

/** The worker process: the same platform without HTTP, and a processor for every queue of the app. */
@Module({})
export class WorkerModule {
  static register(config: RecordsConfig, logger: Logger, service = 'records-worker'): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot({ service, config, logger, queues: RECORDS_QUEUES }),
        MessagingModule.forWorker({
          imports: [SpineModule.forService(RECORDS_SPINE), RecordsWorkerModule],
          processors: [PingProcessor, ExtractionProcessor, CallbackProcessor],
        }),
      ],
    };
  }
}
