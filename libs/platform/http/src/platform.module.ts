import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG, type BaseConfig } from '@mosaic/platform-config';
import { DatabaseModule } from '@mosaic/platform-database';
import { MessagingModule, type QueueName } from '@mosaic/platform-messaging';
import { AuthModule } from '@mosaic/platform-auth';
import { Metrics, type Logger } from '@mosaic/platform-observability';
import { HealthController } from './health/health.controller';
import { HealthRegistry } from './health/health.registry';
import { MetricsController } from './metrics/metrics.controller';
import { PLATFORM_LOGGER, PLATFORM_SERVICE } from './platform.tokens';

export interface PlatformOptions {
  /** The process's name in logs and metrics: fraud-api, fraud-worker, ... */
  service: string;
  config: BaseConfig;
  logger: Logger;
  /** Queues this process enqueues to. */
  queues: readonly QueueName[];
}

/**
 * What every process of the platform stands on: its parsed config, logger and metrics, PostgreSQL,
 * Redis and its queues, API-key auth on every route, and /health and /metrics.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [DatabaseModule, MessagingModule.forRoot({ queues: options.queues }), AuthModule],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: APP_CONFIG, useValue: options.config },
        { provide: PLATFORM_LOGGER, useValue: options.logger },
        { provide: PLATFORM_SERVICE, useValue: options.service },
        { provide: Metrics, useValue: new Metrics(options.service) },
        HealthRegistry,
      ],
      exports: [APP_CONFIG, PLATFORM_LOGGER, PLATFORM_SERVICE, Metrics, HealthRegistry],
    };
  }
}
