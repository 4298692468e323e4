import 'reflect-metadata';
import { createApi, listen, type ApiOptions } from '@mosaic/platform-http';
import { createLogger } from '@mosaic/platform-observability';
import { AppModule } from './app.module';
import { loadRecordsConfig, type RecordsConfig } from './config/records.config';
import type { Logger } from '@mosaic/platform-observability';

export function apiOptions(config: RecordsConfig, logger: Logger): ApiOptions {
  return {
    service: 'records-api',
    title: 'Medical records API',
    description: 'Hospital document upload and extraction to structured JSON and FHIR, in Chinese and English.',
    port: config.PORT,
    config,
    logger,
    adminScope: 'records:admin',
  };
}

async function main(): Promise<void> {
  const config = loadRecordsConfig();
  const logger = createLogger({ service: 'records-api', level: config.LOG_LEVEL });
  const app = await createApi(AppModule.register(config, logger), apiOptions(config, logger));
  await listen(app, apiOptions(config, logger));
}

void main();
