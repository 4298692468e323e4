import 'reflect-metadata';
import { exitOnStartupError, startWorker } from '@mosaic/platform-http';
import { createLogger } from '@mosaic/platform-observability';
import { loadTelemetryConfig } from './config/telemetry.config';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadTelemetryConfig();
  const logger = createLogger({ service: 'telemetry-worker', level: config.LOG_LEVEL });
  await startWorker(WorkerModule.register(config, logger), { service: 'telemetry-worker', config, logger });
}

main().catch(exitOnStartupError);
