import { request } from 'node:http';
import { join } from 'node:path';
import { createApi, startWorker } from '@mosaic/platform-http';
import { startService, type ServiceHarness, type ServiceUnderTest } from '@mosaic/platform-testing';
import { apiOptions } from '../src/api-options';
import { AppModule } from '../src/app.module';
import { loadTelemetryConfig, type TelemetryConfig } from '../src/config/telemetry.config';
import { WorkerModule } from '../src/worker.module';

/** The hand-set stand-in for telemetry-cnn-moe (fixtures/make_fixture_model.py): impulsive windows read as inner_race. */
export const FIXTURE_MODELS_DIR = join(__dirname, 'fixtures/models');

export const telemetryService: ServiceUnderTest<TelemetryConfig> = {
  name: 'telemetry-api',
  loadConfig: loadTelemetryConfig,
  createApi: (config, logger) => createApi(AppModule.register(config, logger), apiOptions(config, logger)),
  startWorker: (config, logger) => startWorker(WorkerModule.register(config, logger), { service: 'telemetry-worker', config, logger }),
};

export const FIXTURE_ENV = { MODELS_DIR: FIXTURE_MODELS_DIR, INFERENCE_WORKERS: '1' };

/**
 * The API (and by default its worker) on the fixture model. `queues` names a Redis key space of its
 * own under the run's prefix: test files run in parallel, and a worker of another file (another
 * alert policy, another model) must not take this file's jobs.
 */
export function startTelemetry(queues: string, options: { worker?: boolean; env?: Record<string, string> } = {}): Promise<ServiceHarness<TelemetryConfig>> {
  const prefix = `${process.env['REDIS_PREFIX'] ?? 'mosaic-test'}:${queues}`;
  return startService(telemetryService, { worker: options.worker ?? true, env: { ...FIXTURE_ENV, REDIS_PREFIX: prefix, ...options.env } });
}

/** A seeded uniform generator in (0, 1). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1103515245 + 12345) % 2 ** 31) + 1) / (2 ** 31 + 1);
}

/** A bearing with a spall: a 3.3 kHz resonance struck 37 times a second, over a shaft tone and noise (log-kurtosis about 3.6). */
export function impulsiveSignal(rate: number, seconds: number, seed = 1): Float64Array {
  const random = seeded(seed);
  return Float64Array.from({ length: Math.round(rate * seconds) }, (_, i) => {
    const t = i / rate;
    const since = t % (1 / 37);
    return Math.fround(0.05 * Math.sin(2 * Math.PI * 29.9 * t) + Math.exp(-since * 1500) * Math.sin(2 * Math.PI * 3300 * since) + (random() - 0.5) * 0.05);
  });
}

/** A healthy bearing: Gaussian noise (log-kurtosis about ln 3). */
export function gaussianSignal(rate: number, seconds: number, seed = 1): Float64Array {
  const random = seeded(seed);
  return Float64Array.from({ length: Math.round(rate * seconds) }, () => Math.fround(0.1 * Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random())));
}

export function float32Body(...channels: ArrayLike<number>[]): Buffer {
  const total = channels.reduce((n, c) => n + c.length, 0);
  const out = Buffer.alloc(total * 4);
  let at = 0;
  for (const channel of channels) for (let i = 0; i < channel.length; i++, at += 4) out.writeFloatLE(channel[i] as number, at);
  return out;
}

export const at = (base: number, seconds: number) => new Date(base + seconds * 1000).toISOString();

/**
 * Streams a body of `bytes` zeros (declared in Content-Length) until the server answers, then stops:
 * what a gateway sees when it uploads far too much, without pushing hundreds of megabytes through.
 */
export function streamHugeBody(url: string, path: string, key: string, bytes: number, contentType: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(1024 * 1024);
    let sent = 0;
    const req = request(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': contentType, 'content-length': String(bytes) } }, (response) => {
      let body = '';
      response.on('data', (d: Buffer) => (body += d.toString()));
      response.on('end', () => {
        req.destroy();
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    req.on('error', (error) => (sent >= bytes ? undefined : reject(error)));
    const pump = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}
