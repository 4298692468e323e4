import { createApi, startWorker } from '@mosaic/platform-http';
import type { ServiceUnderTest } from '@mosaic/platform-testing';
import { apiOptions } from '../src/api-options';
import { AppModule } from '../src/app.module';
import { loadRecordsConfig, type RecordsConfig } from '../src/config/records.config';
import { WorkerModule } from '../src/worker.module';

/** The records API and worker as the test harness starts them. */
export const recordsService: ServiceUnderTest<RecordsConfig> = {
  name: 'records-api',
  loadConfig: loadRecordsConfig,
  createApi: (config, logger) => createApi(AppModule.register(config, logger), apiOptions(config, logger)),
  startWorker: (config, logger) => startWorker(WorkerModule.register(config, logger), { service: 'records-worker', config, logger }),
};

/** POSTs one file as multipart/form-data, with optional text fields. */
export async function uploadFile(
  url: string,
  key: string,
  file: { bytes: Uint8Array | string; type: string; name?: string },
  fields: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const bytes = typeof file.bytes === 'string' ? new TextEncoder().encode(file.bytes) : new Uint8Array(file.bytes);
  form.append('file', new Blob([bytes], { type: file.type }), file.name ?? 'document');
  const response = await fetch(`${url}/v1/documents`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/**
 * A Redis key space of the test file's own under the run's prefix (purged with it), so that the
 * workers other test files start in parallel never take this file's jobs.
 */
export function ownQueues(file: string): { REDIS_PREFIX: string } {
  return { REDIS_PREFIX: `${process.env['REDIS_PREFIX'] ?? 'mosaic-test'}:${file}` };
}
