import 'reflect-metadata';
import { createApi, listen, type ApiOptions } from '@mosaic/platform-http';
import { createLogger } from '@mosaic/platform-observability';
import { AppModule } from './app.module';
import { loadTelemetryConfig, type TelemetryConfig } from './config/telemetry.config';
import type { Logger } from '@mosaic/platform-observability';

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

async function main(): Promise<void> {
  const config = loadTelemetryConfig();
  const logger = createLogger({ service: 'telemetry-api', level: config.LOG_LEVEL });
  const app = await createApi(AppModule.register(config, logger), apiOptions(config, logger));
  await listen(app, apiOptions(config, logger));
}

void main();
