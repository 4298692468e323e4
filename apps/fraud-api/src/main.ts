import 'reflect-metadata';
import { createApi, exitOnStartupError, listen } from '@mosaic/platform-http';
import { createLogger } from '@mosaic/platform-observability';
import { AppModule } from './app.module';
import { apiOptions } from './api-options';
import { loadFraudConfig } from './config/fraud.config';

async function main(): Promise<void> {
  const config = loadFraudConfig();
  const logger = createLogger({ service: 'fraud-api', level: config.LOG_LEVEL });
  const app = await createApi(AppModule.register(config, logger), apiOptions(config, logger));
  await listen(app, apiOptions(config, logger));
}

main().catch(exitOnStartupError);
