import { type DynamicModule, Module } from '@nestjs/common';
import { PingProcessor, PlatformModule, SpineModule } from '@mosaic/platform-http';
import { MessagingModule } from '@mosaic/platform-messaging';
import type { Logger } from '@mosaic/platform-observability';
import type { FraudConfig } from './config/fraud.config';
import { FRAUD_QUEUES, FRAUD_SPINE } from './queues';

/** The worker process: the same platform without HTTP, and a processor for every queue of the app. */
@Module({})
export class WorkerModule {
  static register(config: FraudConfig, logger: Logger, service = 'fraud-worker'): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot({ service, config, logger, queues: FRAUD_QUEUES }),
        MessagingModule.forWorker({ imports: [SpineModule.forService(FRAUD_SPINE)], processors: [PingProcessor] }),
      ],
    };
  }
}
