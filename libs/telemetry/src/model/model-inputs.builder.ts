/**
 * One signal in, the telemetry-cnn-moe input tensors for all of its windows out. This is the only
 * implementation: the service calls it per batch and the dataset tool per training chunk, so the
 * tensors a model learned from and the tensors it serves on are made by the same lines.
 */
import { temperatureStats } from '../context/temperature.stats';
import { CONTEXT_SIZE, writeContextFeatures } from '../context/context.features';
import { resample, resampledLength } from '../signal/polyphase.resampler';
import { normaliseWindow } from '../signal/window.normaliser';
import { windowStarts } from '../signal/window.slicer';
import { LOG_FEATURE_SIZE, writeLogFeatures } from '../text/maintenance-log.featuriser';
import { InvalidTelemetryError, SignalTooShortError } from './telemetry-input.errors';
import {
  DEFAULT_HOP_SAMPLES,
  INPUT_CONTEXT,
  INPUT_LOG,
  INPUT_VIBRATION,
  MAX_SAMPLE_RATE_HZ,
  MIN_SAMPLE_RATE_HZ,
  MODEL_SAMPLE_RATE_HZ,
  WINDOW_SAMPLES,
} from './telemetry-model.constants';

export interface TelemetrySignal {
  /** Acceleration samples (g) at `sampleRateHz`. */
  vibration: ArrayLike<number>;
  sampleRateHz: number;
  rpm?: number;
  /** Degrees C, any count, spread evenly over the same interval as `vibration`. */
  temperature?: ArrayLike<number>;
  /** The asset's latest maintenance-log entry, Chinese and/or English. */
  maintenanceLog?: string;
}

/** Structurally a HostTensor of @mosaic/moe-inference, which this pure lib does not import. */
export interface ModelTensor {
  type: 'float32';
  dims: number[];
  data: Float32Array;
}

export interface ModelInputs {
  windows: number;
  /** Start of each window in seconds from the first sample. */
  windowStartSeconds: number[];
  tensors: Record<typeof INPUT_VIBRATION | typeof INPUT_CONTEXT | typeof INPUT_LOG, ModelTensor>;
}

export interface BuildOptions {
  /** Window step at the model rate; DEFAULT_HOP_SAMPLES when serving. */
  hopSamples?: number;
}

/** The fewest samples at `sampleRateHz` that yield one model window (what a 422 tells the caller). */
export function minimumSamples(sampleRateHz: number): number {
  checkSampleRate(sampleRateHz);
  let n = Math.max(1, Math.ceil(((WINDOW_SAMPLES - 1) * sampleRateHz) / MODEL_SAMPLE_RATE_HZ));
  while (n > 1 && resampledLength(n - 1, sampleRateHz, MODEL_SAMPLE_RATE_HZ) >= WINDOW_SAMPLES) n--;
  while (resampledLength(n, sampleRateHz, MODEL_SAMPLE_RATE_HZ) < WINDOW_SAMPLES) n++;
  return n;
}

function checkSampleRate(sampleRateHz: number): void {
  if (!Number.isFinite(sampleRateHz) || sampleRateHz < MIN_SAMPLE_RATE_HZ || sampleRateHz > MAX_SAMPLE_RATE_HZ) {
    throw new InvalidTelemetryError(`sampleRateHz must be between ${MIN_SAMPLE_RATE_HZ} and ${MAX_SAMPLE_RATE_HZ}, got ${sampleRateHz}`);
  }
}

function checkFinite(name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new InvalidTelemetryError(`${name}[${i}] is not a finite number`);
  }
}

/** Throws InvalidTelemetryError or SignalTooShortError for input that cannot become model windows. */
export function validateSignal(signal: TelemetrySignal): void {
  checkSampleRate(signal.sampleRateHz);
  if (signal.vibration.length === 0) throw new InvalidTelemetryError('vibration is empty');
  checkFinite('vibration', signal.vibration);
  if (signal.temperature) checkFinite('temperature', signal.temperature);
  if (signal.rpm !== undefined && !(Number.isFinite(signal.rpm) && signal.rpm > 0)) {
    throw new InvalidTelemetryError(`rpm must be a positive finite number, got ${signal.rpm}`);
  }
  const minimum = minimumSamples(signal.sampleRateHz);
  if (signal.vibration.length < minimum) throw new SignalTooShortError(signal.vibration.length, minimum, signal.sampleRateHz);
}

export function buildModelInputs(signal: TelemetrySignal, options: BuildOptions = {}): ModelInputs {
  validateSignal(signal);
  const hop = options.hopSamples ?? DEFAULT_HOP_SAMPLES;
  const atModelRate = resample(signal.vibration, signal.sampleRateHz, MODEL_SAMPLE_RATE_HZ);
  const starts = windowStarts(atModelRate.length, WINDOW_SAMPLES, hop);
  const windows = starts.length;

  const durationSeconds = signal.vibration.length / signal.sampleRateHz;
  const temperature = signal.temperature && signal.temperature.length > 0 ? temperatureStats(signal.temperature, durationSeconds) : undefined;
  const logRow = new Float32Array(LOG_FEATURE_SIZE);
  const logPresent = writeLogFeatures(signal.maintenanceLog, logRow, 0);
  const batchContext = { temperature, rpm: signal.rpm, logPresent };

  const vibration = new Float32Array(windows * WINDOW_SAMPLES);
  const context = new Float32Array(windows * CONTEXT_SIZE);
  const log = new Float32Array(windows * LOG_FEATURE_SIZE);
  starts.forEach((start, w) => {
    const shape = normaliseWindow(atModelRate, start, WINDOW_SAMPLES, vibration, w * WINDOW_SAMPLES);
    writeContextFeatures(shape, batchContext, context, w * CONTEXT_SIZE);
    log.set(logRow, w * LOG_FEATURE_SIZE);
  });
  return {
    windows,
    windowStartSeconds: starts.map((s) => s / MODEL_SAMPLE_RATE_HZ),
    tensors: {
      [INPUT_VIBRATION]: { type: 'float32', dims: [windows, 1, WINDOW_SAMPLES], data: vibration },
      [INPUT_CONTEXT]: { type: 'float32', dims: [windows, CONTEXT_SIZE], data: context },
      [INPUT_LOG]: { type: 'float32', dims: [windows, LOG_FEATURE_SIZE], data: log },
    },
  };
}
