import type { ApiOptions } from '@mosaic/platform-http';
import type { Logger } from '@mosaic/platform-observability';
import type { FraudConfig } from './config/fraud.config';

export function apiOptions(config: FraudConfig, logger: Logger): ApiOptions {
  return {
    service: 'fraud-api',
    title: 'Fraud scoring API',
    description: 'Real-time transaction scoring with a sparse mixture-of-experts model, dynamic thresholds and feedback.',
    port: config.PORT,
    config,
    logger,
    adminScope: 'fraud:admin',
  };
}
