import type { ApiOptions } from '@mosaic/platform-http';
import type { Logger } from '@mosaic/platform-observability';
import type { TelemetryConfig } from './config/telemetry.config';

/** About 10 s of signal at 100 kHz as JSON numbers. */
export const JSON_BODY_LIMIT = '16mb';
export const FLOAT32_BODY_LIMIT = '64mb';

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
      { path: '/v1/telemetry', json: JSON_BODY_LIMIT, raw: { limit: FLOAT32_BODY_LIMIT, type: 'application/octet-stream' } },
      { path: '/v1/predict', json: JSON_BODY_LIMIT },
    ],
  };
}
