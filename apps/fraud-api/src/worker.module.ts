import { type DynamicModule, Module } from '@nestjs/common';
import { PingProcessor, PlatformModule, SpineModule } from '@mosaic/platform-http';
import { MessagingModule } from '@mosaic/platform-messaging';
import type { Logger } from '@mosaic/platform-observability';
import type { FraudConfig } from './config/fraud.config';
import { FRAUD_QUEUES, FRAUD_SPINE } from './queues';
import { BatchesModule } from './batches/batches.module';
import { BatchesProcessor } from './batches/batches.processor';
import { MonitoringModule } from './monitoring/monitoring.module';
import { MonitoringProcessor } from './monitoring/monitoring.processor';
import { MonitoringScheduler } from './monitoring/monitoring.scheduler';

/** The worker process: the same platform without HTTP, a processor for every queue of the app, and the schedules. */
@Module({})
export class WorkerModule {
  static register(config: FraudConfig, logger: Logger, service = 'fraud-worker'): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot({ service, config, logger, queues: FRAUD_QUEUES }),
        MessagingModule.forWorker({
          imports: [SpineModule.forService(FRAUD_SPINE), BatchesModule, MonitoringModule],
          processors: [PingProcessor, BatchesProcessor, MonitoringProcessor],
        }),
      ],
      providers: [MonitoringScheduler],
    };
  }
}
