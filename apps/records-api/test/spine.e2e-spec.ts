import { createApi, startWorker } from '@mosaic/platform-http';
import { describeServiceSpine } from '@mosaic/platform-testing';
import { apiOptions } from '../src/api-options';
import { AppModule } from '../src/app.module';
import { loadRecordsConfig } from '../src/config/records.config';
import { WorkerModule } from '../src/worker.module';

describeServiceSpine(
  {
    name: 'records-api',
    loadConfig: loadRecordsConfig,
    createApi: (config, logger) => createApi(AppModule.register(config, logger), apiOptions(config, logger)),
    startWorker: (config, logger) => startWorker(WorkerModule.register(config, logger), { service: 'records-worker', config, logger }),
  },
  { write: 'records:write', read: 'records:read', unrelated: 'fraud:score', admin: 'records:admin' },
);
