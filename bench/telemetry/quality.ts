/**
 * The model's quality through the service: the CWRU 3 HP test windows of the dataset tool (the
 * split the model card reports), sent through POST /v1/predict and through ingestion, and the same
 * machine state recorded at 48 kHz and at 12 kHz.
 */
import { countWindows, minimumSamples, MODEL_SAMPLE_RATE_HZ } from '@mosaic/telemetry';
// The benchmark replays the dataset tool's own test split; tools has no package entry to import it through.
// eslint-disable-next-line @nx/enforce-module-boundaries
import type { CwruRecording } from '../../tools/datasets/src/telemetry/cwru.loader';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { type TelemetryBatch } from '../../tools/datasets/src/telemetry/telemetry-dataset.builder';
import { float32Bytes, macroF1, pool, type Client } from './client';

export interface QualityResult {
  windows: number;
  macroF1: number;
  accuracy: number;
  perClass: Record<string, number>;
  seconds: number;
}

/** Every test window sent alone to POST /v1/predict (one window of samples at the recording's rate). */
export async function predictEachWindow(call: Client, batches: readonly TelemetryBatch[]): Promise<QualityResult> {
  const requests = batches.flatMap((batch) => {
    const rate = batch.signal.sampleRateHz;
    const length = minimumSamples(rate);
    const windows = countWindows(batch.signal.vibration.length, rate, batch.hopSamples);
    return Array.from({ length: windows }, (_, w) => {
      const start = Math.round((w * batch.hopSamples * rate) / MODEL_SAMPLE_RATE_HZ);
      return { batch, vibration: Array.prototype.slice.call(batch.signal.vibration, start, start + length) as number[] };
    });
  });
  const started = Date.now();
  const predicted = await pool(requests, 8, async ({ batch, vibration }) => {
    const answer = await call('POST', '/v1/predict', {
      json: {
        sampleRateHz: batch.signal.sampleRateHz,
        rpm: batch.signal.rpm,
        vibration,
        temperature: batch.signal.temperature ? Array.from(batch.signal.temperature) : undefined,
        maintenanceLog: batch.signal.maintenanceLog,
      },
    });
    if (answer.status !== 200) throw new Error(`/v1/predict answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return String(answer.body['label']);
  });
  const scored = macroF1(requests.map((r) => r.batch.label), predicted);
  return { windows: requests.length, ...scored, seconds: (Date.now() - started) / 1000 };
}

/** Every test batch uploaded as float32 to its own asset (with its maintenance log), predicted by the worker, read back per window. */
export async function ingestEachBatch(call: Client, batches: readonly TelemetryBatch[], run: string): Promise<QualityResult & { batches: number }> {
  const started = Date.now();
  const base = Date.UTC(2026, 0, 1);
  const accepted = await pool(batches, 8, async (batch, i) => {
    const assetId = `cwru-${run}-${i}`;
    const startedAt = new Date(base + i * 2_000).toISOString();
    await call('POST', '/v1/assets', { json: { assetId, kind: 'motor', nominalRpm: batch.signal.rpm } });
    if (batch.signal.maintenanceLog) await call('POST', '/v1/maintenance-logs', { json: { assetId, at: startedAt, text: batch.signal.maintenanceLog } });
    const temperature = batch.signal.temperature ? Array.from(batch.signal.temperature) : [];
    const layout = `vibration:${batch.signal.vibration.length}${temperature.length ? `,temperature:${temperature.length}` : ''}`;
    const query = new URLSearchParams({ assetId, startedAt, sampleRateHz: String(batch.signal.sampleRateHz), channels: layout });
    if (batch.signal.rpm !== undefined) query.set('rpm', String(batch.signal.rpm));
    const answer = await call('POST', `/v1/telemetry?${query}`, { float32: float32Bytes(batch.signal.vibration, temperature) });
    if (answer.status !== 202) throw new Error(`ingestion answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return { assetId, batchId: String(answer.body['batchId']), label: batch.label };
  });
  for (const { batchId } of accepted) {
    for (;;) {
      const status = (await call('GET', `/v1/telemetry/${batchId}`)).body['status'];
      if (status === 'completed') break;
      if (status === 'failed') throw new Error(`batch ${batchId} failed`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const truth: string[] = [];
  const predicted: string[] = [];
  for (const { assetId, label } of accepted) {
    const page = await call<{ items: { label: string }[] }>('GET', `/v1/assets/${assetId}/predictions?limit=1000`);
    for (const item of page.body.items) {
      truth.push(label);
      predicted.push(item.label);
    }
  }
  return { batches: accepted.length, windows: truth.length, ...macroF1(truth, predicted), seconds: (Date.now() - started) / 1000 };
}

/** A 12 kHz recording as another device might record it at 48 kHz: linear interpolation, no shared filter with the service. */
function upsampleBy4(signal: Float64Array): Float64Array {
  const out = new Float64Array((signal.length - 1) * 4 + 1);
  for (let i = 0; i < signal.length - 1; i++) {
    const a = signal[i] as number;
    const b = signal[i + 1] as number;
    for (let k = 0; k < 4; k++) out[i * 4 + k] = a + ((b - a) * k) / 4;
  }
  out[out.length - 1] = signal[signal.length - 1] as number;
  return out;
}

/** A 48 kHz recording as a 12 kHz device might take it: the mean of each 4 samples (a crude anti-alias), no shared filter with the service. */
function decimateBy4(signal: Float64Array): Float64Array {
  return Float64Array.from({ length: Math.floor(signal.length / 4) }, (_, i) => (signal[4 * i]! + signal[4 * i + 1]! + signal[4 * i + 2]! + signal[4 * i + 3]!) / 4);
}

export interface RateAgreement {
  pairs: number;
  agreeing: number;
  correctAt12k: number;
  correctAt48k: number;
  disagreements: { recording: string; at12k: string; at48k: string }[];
}

/** One-second segments of each 3 HP test recording (and the healthy test half) predicted at 12 kHz and at 48 kHz. */
export async function compareRates(call: Client, recordings: readonly CwruRecording[], segmentsPerRecording: number): Promise<RateAgreement> {
  const pairs: { recording: string; label: string; at12k: Float64Array; at48k: Float64Array }[] = [];
  for (const recording of recordings) {
    const isNormal = recording.label === 'normal';
    if (!isNormal && recording.loadHp !== 3) continue;
    const rate = recording.sampleRateHz;
    const first = isNormal ? Math.ceil(recording.vibration.length * 0.5) + Math.round(0.2 * rate) : 0;
    for (let s = 0; s < segmentsPerRecording; s++) {
      const start = first + s * rate;
      if (start + rate > recording.vibration.length) break;
      const segment = recording.vibration.subarray(start, start + rate);
      pairs.push(
        isNormal
          ? { recording: recording.id, label: recording.label, at48k: segment, at12k: decimateBy4(segment) }
          : { recording: recording.id, label: recording.label, at12k: segment, at48k: upsampleBy4(segment) },
      );
    }
  }
  const predict = async (rate: number, vibration: Float64Array, rpm: number) =>
    String((await call('POST', '/v1/predict', { json: { sampleRateHz: rate, rpm, vibration: Array.from(vibration) } })).body['label']);
  const labels = await pool(pairs, 4, async (pair) => {
    const rpm = recordings.find((r) => r.id === pair.recording)?.rpm ?? 1797;
    return { at12k: await predict(12_000, pair.at12k, rpm), at48k: await predict(48_000, pair.at48k, rpm) };
  });
  return {
    pairs: pairs.length,
    agreeing: labels.filter((l) => l.at12k === l.at48k).length,
    correctAt12k: labels.filter((l, i) => l.at12k === pairs[i]?.label).length,
    correctAt48k: labels.filter((l, i) => l.at48k === pairs[i]?.label).length,
    disagreements: labels.flatMap((l, i) => (l.at12k === l.at48k ? [] : [{ recording: pairs[i]?.recording ?? '', ...l }])),
  };
}
