import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ApiKeyService, type Scope } from '@mosaic/platform-auth';
import type { BaseConfig } from '@mosaic/platform-config';
import type { Logger } from '@mosaic/platform-observability';
import { captureLogs } from './log-capture';

export interface ServiceUnderTest<C extends BaseConfig> {
  name: string;
  loadConfig(env: Record<string, string | undefined>): C;
  createApi(config: C, logger: Logger): Promise<NestExpressApplication>;
  startWorker?(config: C, logger: Logger): Promise<INestApplicationContext>;
}

export interface ServiceHarness<C extends BaseConfig> {
  url: string;
  config: C;
  api: NestExpressApplication;
  worker?: INestApplicationContext;
  /** Every line the API and the worker logged, as JSON text. */
  logs(): string;
  /** A fresh tenant's key holding exactly these scopes. */
  keyFor(scopes: Scope[], tenantId?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts an app's API on a free port and, when asked, its worker, against the real PostgreSQL and
 * Redis that the global setup prepared. Both log into memory.
 */
export async function startService<C extends BaseConfig>(
  service: ServiceUnderTest<C>,
  options: { worker?: boolean; env?: Record<string, string> } = {},
): Promise<ServiceHarness<C>> {
  const config = service.loadConfig({ ...process.env, ...options.env, PORT: '0', HOST: '127.0.0.1' });
  const apiLogs = captureLogs(service.name);
  const workerLogs = captureLogs(`${service.name}-worker`);
  const api = await service.createApi(config, apiLogs.logger);
  await api.listen(0, '127.0.0.1');
  const address = api.getHttpServer().address() as { port: number };
  const worker = options.worker && service.startWorker ? await service.startWorker(config, workerLogs.logger) : undefined;
  const apiKeys = api.get(ApiKeyService);
  return {
    url: `http://127.0.0.1:${address.port}`,
    config,
    api,
    worker,
    logs: () => `${apiLogs.text()}\n${workerLogs.text()}`,
    keyFor: async (scopes, tenantId = `t-${randomUUID().slice(0, 8)}`) => (await apiKeys.create(tenantId, scopes)).key,
    close: async () => {
      await worker?.close();
      await api.close();
    },
  };
}

/** Polls until `check` returns a value, or fails after `timeoutMs` with the last error. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
}
