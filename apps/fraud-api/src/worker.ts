import 'reflect-metadata';
import { exitOnStartupError, startWorker } from '@mosaic/platform-http';
import { createLogger } from '@mosaic/platform-observability';
import { loadFraudConfig } from './config/fraud.config';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadFraudConfig();
  const logger = createLogger({ service: 'fraud-worker', level: config.LOG_LEVEL });
  await startWorker(WorkerModule.register(config, logger), { service: 'fraud-worker', config, logger });
}

main().catch(exitOnStartupError);
