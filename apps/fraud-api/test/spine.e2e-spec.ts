import { createApi, startWorker } from '@mosaic/platform-http';
import { describeServiceSpine } from '@mosaic/platform-testing';
import { apiOptions } from '../src/api-options';
import { AppModule } from '../src/app.module';
import { loadFraudConfig } from '../src/config/fraud.config';
import { WorkerModule } from '../src/worker.module';

describeServiceSpine(
  {
    name: 'fraud-api',
    loadConfig: loadFraudConfig,
    createApi: (config, logger) => createApi(AppModule.register(config, logger), apiOptions(config, logger)),
    startWorker: (config, logger) => startWorker(WorkerModule.register(config, logger), { service: 'fraud-worker', config, logger }),
  },
  { write: 'fraud:score', read: 'fraud:score', unrelated: 'telemetry:read', admin: 'fraud:admin' },
);
