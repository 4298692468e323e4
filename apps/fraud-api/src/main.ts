import 'reflect-metadata';
import { createApi, listen, type ApiOptions } from '@mosaic/platform-http';
import { createLogger } from '@mosaic/platform-observability';
import { AppModule } from './app.module';
import { loadFraudConfig, type FraudConfig } from './config/fraud.config';
import type { Logger } from '@mosaic/platform-observability';

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

async function main(): Promise<void> {
  const config = loadFraudConfig();
  const logger = createLogger({ service: 'fraud-api', level: config.LOG_LEVEL });
  const app = await createApi(AppModule.register(config, logger), apiOptions(config, logger));
  await listen(app, apiOptions(config, logger));
}

void main();
