import type { ApiOptions } from '@mosaic/platform-http';
import type { Logger } from '@mosaic/platform-observability';
import type { TelemetryConfig } from './config/telemetry.config';

export function apiOptions(config: TelemetryConfig, logger: Logger): ApiOptions {
  return {
    service: 'telemetry-api',
    title: 'Telemetry API',
    description: 'Factory telemetry ingestion, bearing-fault prediction and alerts.',
    port: config.PORT,
    config,
    logger,
    adminScope: 'telemetry:admin',
  };
}
