import { join } from 'node:path';
import { httpClient, type ServiceHarness } from '@mosaic/platform-testing';
import type { TelemetryConfig } from '../src/config/telemetry.config';
import { gaussianSignal, impulsiveSignal, startTelemetry } from './telemetry.harness';

/** The committed telemetry-cnn-moe (not the fixture) behind POST /v1/predict; its quality is measured by `npm run bench -- telemetry`. */
describe('telemetry-api with the committed model', () => {
  let harness: ServiceHarness<TelemetryConfig>;
  let client: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    harness = await startTelemetry('real-model', { worker: false, env: { MODELS_DIR: join(__dirname, '../../../models') } });
    client = httpClient(harness.url, await harness.keyFor(['telemetry:read']));
  });
  afterAll(async () => harness?.close());

  it.each([
    ['an impulsive signal at 48 kHz', () => impulsiveSignal(48_000, 1)],
    ['Gaussian noise at 12 kHz', () => gaussianSignal(12_000, 1)],
  ])('answers %s with a label, probabilities summing to 1, a risk and the routing', async (_name, make) => {
    const signal = make();
    const response = await client('POST', '/v1/predict', { json: { sampleRateHz: signal.length, rpm: 1797, vibration: Array.from(signal) } });
    expect(response.status).toBe(200);
    const body = response.body as { label: string; probabilities: Record<string, number>; failureRisk: number; experts: { expert: number; weight: number }[]; modelVersion: string };
    expect(['normal', 'inner_race', 'outer_race', 'ball']).toContain(body.label);
    expect(Object.values(body.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(body.failureRisk).toBeGreaterThanOrEqual(0);
    expect(body.failureRisk).toBeLessThanOrEqual(1);
    expect(body.experts.length).toBeGreaterThan(0);
    expect(body.modelVersion).toMatch(/^telemetry-cnn-moe@1\.\d+\.\d+$/);
  });
});
