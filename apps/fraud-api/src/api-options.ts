import type { ApiOptions } from '@mosaic/platform-http';
import type { Logger } from '@mosaic/platform-observability';
import type { FraudConfig } from './config/fraud.config';
import { BATCH_ROUTE } from './batches/batches.controller';

export function apiOptions(config: FraudConfig, logger: Logger): ApiOptions {
  return {
    service: 'fraud-api',
    title: 'Fraud scoring API',
    description: 'Real-time transaction scoring with a sparse mixture-of-experts model, dynamic thresholds and feedback.',
    port: config.PORT,
    config,
    logger,
    adminScope: 'fraud:admin',
    // Up to 10,000 payments of a few hundred bytes each (memos up to 1,000 characters).
    bodyLimits: [{ path: `/${BATCH_ROUTE}`, json: config.FRAUD_BATCH_BODY_LIMIT }],
  };
}
