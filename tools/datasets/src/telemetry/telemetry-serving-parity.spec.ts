/**
 * Training and serving cannot drift apart: synthetic CWRU-style files go through the dataset tool
 * (.mat reader, loader, batching, tensor store) and the same batches go through buildModelInputs as
 * the service receives them (a JSON body, and a float32 binary body); the tensors must be identical
 * to the bit.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModelInputs, CONTEXT_SIZE, LOG_FEATURE_SIZE, WINDOW_SAMPLES, type TelemetrySignal } from '@mosaic/telemetry';
import { readSplit, type StoredTensor } from '../common/tensor-store';
import { writeMatFixture } from './mat-file.fixture';
import { writeTelemetryDataset } from './main';

/** A float32-exact synthetic vibration: impacts every 1/impactHz s ringing a resonance, over a shaft tone and noise. */
function fixtureSignal(rate: number, seconds: number, impactHz: number, seed: number): Float64Array {
  let state = seed;
  const noise = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.05;
  return Float64Array.from({ length: Math.round(rate * seconds) }, (_, i) => {
    const t = i / rate;
    const u = (t % (1 / impactHz)) * 600;
    return Math.fround(0.05 * Math.sin(2 * Math.PI * 29.9 * t) + (impactHz > 0 ? u * u * Math.exp(2 - 2 * u) * Math.sin(2 * Math.PI * 3300 * t) : 0) + noise());
  });
}

const FAULTS = [
  ['IR007', 162, 105],
  ['OR007@6', 107, 130],
  ['B007', 141, 118],
] as const;

function rows(tensor: StoredTensor, first: number, count: number, width: number): Buffer {
  const data = tensor.data as Float32Array;
  return Buffer.from(data.buffer, data.byteOffset + first * width * 4, count * width * 4);
}

const bytes = (data: Float32Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

interface DescribedBatch {
  recording: string;
  startSample: number;
  samples: number;
  hopSamples: number;
  firstWindow: number;
  windows: number;
  sampleRateHz: number;
  rpm?: number;
  temperature?: number[];
  maintenanceLog?: string;
}

describe('telemetry dataset tensors against the serving path', () => {
  let root: string;
  const sources = new Map<string, Float64Array>();

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'telemetry-parity-'));
    const faultDir = join(root, 'datasets/cwru-bearing/12k_DE');
    mkdirSync(faultDir, { recursive: true });
    mkdirSync(join(root, 'datasets/cwru-bearing/normal'));
    FAULTS.forEach(([name, impactHz, record]) => {
      for (let load = 0; load < 4; load++) {
        const signal = fixtureSignal(12_000, 1.4, impactHz, record + load);
        sources.set(`${name}_${load}`, signal);
        const mat = writeMatFixture(
          [
            { name: `X${record + load}_DE_time`, values: signal },
            { name: `X${record + load}RPM`, values: [1797 - 22 * load], asUint16: true },
          ],
          { compressed: load % 2 === 1 },
        );
        writeFileSync(join(faultDir, `${name}_${load}.mat`), mat);
      }
    });
    const normal = fixtureSignal(48_000, 2.6, 0, 97);
    sources.set('Normal_0_48k', normal);
    writeFileSync(join(root, 'datasets/cwru-bearing/normal/Normal_0_48k.mat'), writeMatFixture([{ name: 'X097_DE_time', values: normal }]));
    writeTelemetryDataset(join(root, 'datasets'), join(root, 'out'));
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each(['train', 'test'])('gives identical tensors for every %s batch sent as a JSON body', (split) => {
    const { tensors, meta } = readSplit(join(root, 'out'), split);
    const batches = meta['batches'] as DescribedBatch[];
    expect(batches.length).toBeGreaterThan(3);
    let windows = 0;
    for (const batch of batches) {
      const source = sources.get(batch.recording) as Float64Array;
      const body = JSON.parse(
        JSON.stringify({
          sampleRateHz: batch.sampleRateHz,
          rpm: batch.rpm,
          vibration: Array.from(source.subarray(batch.startSample, batch.startSample + batch.samples)),
          temperature: batch.temperature,
          maintenanceLog: batch.maintenanceLog,
        }),
      ) as { vibration: number[] } & Omit<TelemetrySignal, 'vibration'>;
      const served = buildModelInputs(body, { hopSamples: batch.hopSamples });
      expect(served.windows).toBe(batch.windows);
      expect(bytes(served.tensors.vibration.data).equals(rows(tensors['vibration'] as StoredTensor, batch.firstWindow, batch.windows, WINDOW_SAMPLES))).toBe(true);
      expect(bytes(served.tensors.context.data).equals(rows(tensors['context'] as StoredTensor, batch.firstWindow, batch.windows, CONTEXT_SIZE))).toBe(true);
      expect(bytes(served.tensors.log_features.data).equals(rows(tensors['log_features'] as StoredTensor, batch.firstWindow, batch.windows, LOG_FEATURE_SIZE))).toBe(true);
      windows += batch.windows;
    }
    expect(windows).toBe(tensors['label']?.dims[0]);
  });

  it('gives identical tensors for a batch sent as a float32 binary body, 48 kHz healthy recording included', () => {
    const { tensors, meta } = readSplit(join(root, 'out'), 'test');
    const batch = (meta['batches'] as DescribedBatch[]).find((b) => b.recording === 'Normal_0_48k') as DescribedBatch;
    expect(batch.sampleRateHz).toBe(48_000);
    const source = sources.get(batch.recording) as Float64Array;
    const binary = Float32Array.from(source.subarray(batch.startSample, batch.startSample + batch.samples));
    const served = buildModelInputs(
      { vibration: binary, sampleRateHz: batch.sampleRateHz, rpm: batch.rpm, temperature: batch.temperature, maintenanceLog: batch.maintenanceLog },
      { hopSamples: batch.hopSamples },
    );
    expect(bytes(served.tensors.vibration.data).equals(rows(tensors['vibration'] as StoredTensor, batch.firstWindow, batch.windows, WINDOW_SAMPLES))).toBe(true);
  });

  it('keeps the splits honest: 3 HP only in test, the healthy recording split into disjoint spans', () => {
    const train = readSplit(join(root, 'out'), 'train').meta['batches'] as (DescribedBatch & { loadHp: number })[];
    const test = readSplit(join(root, 'out'), 'test').meta['batches'] as (DescribedBatch & { loadHp: number })[];
    expect(new Set(train.filter((b) => b.recording !== 'Normal_0_48k').map((b) => b.loadHp))).toEqual(new Set([0, 1, 2]));
    expect(new Set(test.filter((b) => b.recording !== 'Normal_0_48k').map((b) => b.loadHp))).toEqual(new Set([3]));
    const trainEnd = Math.max(...train.filter((b) => b.recording === 'Normal_0_48k').map((b) => b.startSample + b.samples));
    const testStart = Math.min(...test.filter((b) => b.recording === 'Normal_0_48k').map((b) => b.startSample));
    expect(testStart - trainEnd).toBeGreaterThanOrEqual(4 * WINDOW_SAMPLES);
  });
});
