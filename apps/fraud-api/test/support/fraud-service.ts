import { createApi, startWorker } from '@mosaic/platform-http';
import { startService, type ServiceHarness, type ServiceUnderTest } from '@mosaic/platform-testing';
import { apiOptions } from '../../src/api-options';
import { AppModule } from '../../src/app.module';
import { loadFraudConfig, type FraudConfig } from '../../src/config/fraud.config';
import { WorkerModule } from '../../src/worker.module';

export const fraudService: ServiceUnderTest<FraudConfig> = {
  name: 'fraud-api',
  loadConfig: loadFraudConfig,
  createApi: (config, logger) => createApi(AppModule.register(config, logger), apiOptions(config, logger)),
  startWorker: (config, logger) => startWorker(WorkerModule.register(config, logger), { service: 'fraud-worker', config, logger }),
};

/** One inference thread per process keeps a test run's processes from fighting over the two cores. */
export function startFraud(env: Record<string, string> = {}, worker = false): Promise<ServiceHarness<FraudConfig>> {
  return startService(fraudService, { worker, env: { FRAUD_INFERENCE_WORKERS: '1', ...env } });
}
