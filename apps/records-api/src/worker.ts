import 'reflect-metadata';
import { exitOnStartupError, startWorker } from '@mosaic/platform-http';
import { createLogger } from '@mosaic/platform-observability';
import { loadRecordsConfig } from './config/records.config';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadRecordsConfig();
  const logger = createLogger({ service: 'records-worker', level: config.LOG_LEVEL });
  await startWorker(WorkerModule.register(config, logger), { service: 'records-worker', config, logger });
}

main().catch(exitOnStartupError);
