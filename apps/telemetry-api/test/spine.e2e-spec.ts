import { createApi, startWorker } from '@mosaic/platform-http';
import { describeServiceSpine } from '@mosaic/platform-testing';
import { apiOptions } from '../src/api-options';
import { AppModule } from '../src/app.module';
import { loadTelemetryConfig } from '../src/config/telemetry.config';
import { WorkerModule } from '../src/worker.module';

describeServiceSpine(
  {
    name: 'telemetry-api',
    loadConfig: loadTelemetryConfig,
    createApi: (config, logger) => createApi(AppModule.register(config, logger), apiOptions(config, logger)),
    startWorker: (config, logger) => startWorker(WorkerModule.register(config, logger), { service: 'telemetry-worker', config, logger }),
  },
  { write: 'telemetry:write', read: 'telemetry:read', unrelated: 'records:write', admin: 'telemetry:admin' },
);
