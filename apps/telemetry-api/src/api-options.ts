import type { ApiOptions } from '@mosaic/platform-http';
import type { Logger } from '@mosaic/platform-observability';
import type { TelemetryConfig } from './config/telemetry.config';

/** About 10 s of signal at 100 kHz as JSON numbers. Float32 bodies (64 MB) are read by the ingestion controller itself. */
export const JSON_BODY_LIMIT = '16mb';

export function apiOptions(config: TelemetryConfig, logger: Logger): ApiOptions {
  return {
    service: 'telemetry-api',
    title: 'Telemetry API',
    description: 'Factory telemetry ingestion, bearing-fault prediction and alerts.',
    port: config.PORT,
    config,
    logger,
    adminScope: 'telemetry:admin',
    bodyLimits: [
      { path: '/v1/telemetry', json: JSON_BODY_LIMIT },
      { path: '/v1/predict', json: JSON_BODY_LIMIT },
    ],
  };
}
