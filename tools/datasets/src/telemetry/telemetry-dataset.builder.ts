/**
 * Turns CWRU recordings into the telemetry-cnn-moe splits. Each recording is cut into one-second
 * batches, as a gateway would send them, each batch gets seeded context (rpm, temperature, a
 * maintenance log) and goes through buildModelInputs from @mosaic/telemetry, the function the
 * service calls: the tensors a model trains on are the tensors it will be served.
 *
 * Splits are honest: train on motor loads 0-2 HP, test on 3 HP, which the model never sees. The
 * healthy class exists only as one 48 kHz recording at 0 HP, so its first half trains and its second
 * half, after a gap longer than a window and than the filter's reach, tests.
 */
import {
  buildModelInputs,
  CONTEXT_SIZE,
  FAULT_LABELS,
  LOG_FEATURE_SIZE,
  minimumSamples,
  TELEMETRY_FEATURE_SPEC,
  WINDOW_SAMPLES,
  type FaultLabel,
  type TelemetrySignal,
} from '@mosaic/telemetry';
import type { StoredTensor } from '../common/tensor-store';
import { CWRU_NOMINAL_RPM, type CwruRecording } from './cwru.loader';
import { generateMaintenanceLog, generateTemperature } from './maintenance-log.generator';
import { gaussian, pick, seededRandom } from './seeded-random';

export type TelemetrySplit = 'train' | 'test';

export const TRAIN_LOADS_HP = [0, 1, 2] as const;
export const TEST_LOADS_HP = [3] as const;
/** Share of the healthy recording used for training; the rest, after NORMAL_GAP_SECONDS, tests. */
export const NORMAL_TRAIN_SHARE = 0.5;
export const NORMAL_GAP_SECONDS = 0.2;
export const BATCH_SECONDS = 1;

/**
 * Window step per split and state. The healthy class has one short recording, so its training windows
 * overlap more; test windows are cut with one step for every class.
 */
export const HOP_SAMPLES: Record<TelemetrySplit, Record<'fault' | 'normal', number>> = {
  train: { fault: 512, normal: 128 },
  test: { fault: 512, normal: 512 },
};

/** Failure-risk target: a healthy bearing is low, a fault higher the larger its damage. */
export function failureRiskTarget(label: FaultLabel, diameterInches: number): number {
  if (label === 'normal') return 0.05;
  return Math.min(0.95, 0.4 + diameterInches * 25);
}

/** One batch as the service would receive it, and where its windows came from. */
export interface TelemetryBatch {
  recording: string;
  label: FaultLabel;
  diameterInches: number;
  loadHp: number;
  /** Offset of the batch in the recording, in source samples. */
  startSample: number;
  hopSamples: number;
  signal: TelemetrySignal;
}

function recordingSpan(recording: CwruRecording, split: TelemetrySplit): [number, number] | undefined {
  const n = recording.vibration.length;
  if (recording.label === 'normal') {
    const cut = Math.floor(n * NORMAL_TRAIN_SHARE);
    return split === 'train' ? [0, cut] : [cut + Math.round(NORMAL_GAP_SECONDS * recording.sampleRateHz), n];
  }
  const loads: readonly number[] = split === 'train' ? TRAIN_LOADS_HP : TEST_LOADS_HP;
  return loads.includes(recording.loadHp) ? [0, n] : undefined;
}

/**
 * The rpm a gateway reports. The healthy recording exists only at 0 HP, so in training its rpm is
 * drawn from the training loads: otherwise "1796 rpm" would mean "healthy" to the model.
 */
function reportedRpm(random: () => number, recording: CwruRecording, split: TelemetrySplit): number | undefined {
  if (random() < 0.3) return undefined;
  const rpm = recording.label === 'normal' && split === 'train' ? (CWRU_NOMINAL_RPM[pick(random, TRAIN_LOADS_HP)] ?? recording.rpm) : recording.rpm;
  return Math.round(rpm + 2 * gaussian(random));
}

/** The batches of one split, with their seeded context, in a fixed order. */
export function planBatches(recordings: readonly CwruRecording[], split: TelemetrySplit): TelemetryBatch[] {
  const batches: TelemetryBatch[] = [];
  for (const recording of recordings) {
    const span = recordingSpan(recording, split);
    if (!span) continue;
    const batchLength = Math.round(BATCH_SECONDS * recording.sampleRateHz);
    const minimum = minimumSamples(recording.sampleRateHz);
    for (let start = span[0], index = 0; start + minimum <= span[1]; start += batchLength, index++) {
      const end = Math.min(start + batchLength, span[1]);
      const random = seededRandom(`telemetry:${split}:${recording.id}:${index}`);
      batches.push({
        recording: recording.id,
        label: recording.label,
        diameterInches: recording.diameterInches,
        loadHp: recording.loadHp,
        startSample: start,
        hopSamples: HOP_SAMPLES[split][recording.label === 'normal' ? 'normal' : 'fault'],
        signal: {
          vibration: recording.vibration.subarray(start, end),
          sampleRateHz: recording.sampleRateHz,
          rpm: reportedRpm(random, recording, split),
          temperature: generateTemperature(random, recording.label, recording.diameterInches),
          maintenanceLog: generateMaintenanceLog(random, recording.label),
        },
      });
    }
  }
  return batches;
}

export interface BuiltSplit {
  tensors: Record<string, StoredTensor>;
  meta: Record<string, unknown>;
}

/** Description of a batch for the split's meta: enough to replay it through the service. */
function describeBatch(batch: TelemetryBatch, firstWindow: number, windows: number) {
  const { vibration, temperature, ...signal } = batch.signal;
  return {
    recording: batch.recording,
    label: batch.label,
    loadHp: batch.loadHp,
    startSample: batch.startSample,
    samples: vibration.length,
    hopSamples: batch.hopSamples,
    firstWindow,
    windows,
    ...signal,
    temperature: temperature ? Array.from(temperature) : undefined,
  };
}

export function buildSplit(batches: readonly TelemetryBatch[]): BuiltSplit {
  const built = batches.map((batch) => buildModelInputs(batch.signal, { hopSamples: batch.hopSamples }));
  const total = built.reduce((sum, b) => sum + b.windows, 0);
  const vibration = new Float32Array(total * WINDOW_SAMPLES);
  const context = new Float32Array(total * CONTEXT_SIZE);
  const log = new Float32Array(total * LOG_FEATURE_SIZE);
  const label = new BigInt64Array(total);
  const risk = new Float32Array(total);
  const recordingIndex = new Int32Array(total);
  const recordings = [...new Set(batches.map((b) => b.recording))];
  const described = [];
  let row = 0;
  for (const [i, inputs] of built.entries()) {
    const batch = batches[i] as TelemetryBatch;
    vibration.set(inputs.tensors.vibration.data, row * WINDOW_SAMPLES);
    context.set(inputs.tensors.context.data, row * CONTEXT_SIZE);
    log.set(inputs.tensors.log_features.data, row * LOG_FEATURE_SIZE);
    label.fill(BigInt(FAULT_LABELS.indexOf(batch.label)), row, row + inputs.windows);
    risk.fill(failureRiskTarget(batch.label, batch.diameterInches), row, row + inputs.windows);
    recordingIndex.fill(recordings.indexOf(batch.recording), row, row + inputs.windows);
    described.push(describeBatch(batch, row, inputs.windows));
    row += inputs.windows;
  }
  const perClass = Object.fromEntries(FAULT_LABELS.map((l, c) => [l, label.reduce((n, v) => n + (v === BigInt(c) ? 1 : 0), 0)]));
  return {
    tensors: {
      vibration: { dims: [total, 1, WINDOW_SAMPLES], data: vibration },
      context: { dims: [total, CONTEXT_SIZE], data: context },
      log_features: { dims: [total, LOG_FEATURE_SIZE], data: log },
      label: { dims: [total], data: label },
      risk: { dims: [total], data: risk },
      recording: { dims: [total], data: recordingIndex },
    },
    meta: { featureSpec: TELEMETRY_FEATURE_SPEC, labels: FAULT_LABELS, windows: total, perClass, recordings, batches: described },
  };
}

export function buildTelemetrySplit(recordings: readonly CwruRecording[], split: TelemetrySplit): BuiltSplit {
  return buildSplit(planBatches(recordings, split));
}
