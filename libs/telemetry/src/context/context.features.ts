/**
 * The fused non-vibration features of a window: its gain-free shape statistics, the batch's
 * temperature statistics and the shaft speed, each scaled to about unit range. An absent input is
 * all zeros with its presence flag at 0, which is also how training drops a modality at random.
 */
import type { WindowShape } from '../signal/window.normaliser';
import type { TemperatureStats } from './temperature.stats';

export const CONTEXT_FEATURES = [
  'log_kurtosis',
  'log_crest_factor',
  'temperature_present',
  'temperature_mean',
  'temperature_std',
  'temperature_slope',
  'temperature_peak',
  'rpm_present',
  'rpm_log2',
  'log_present',
] as const;

export type ContextFeature = (typeof CONTEXT_FEATURES)[number];

export const CONTEXT_SIZE = CONTEXT_FEATURES.length;

/** Reference shaft speed: log2(rpm / reference) is 0 for a 4-pole motor at 60 Hz. */
export const REFERENCE_RPM = 1800;

function clip(value: number, limit: number): number {
  return Math.max(-limit, Math.min(limit, value));
}

export interface BatchContext {
  temperature?: TemperatureStats;
  rpm?: number;
  logPresent: boolean;
}

/** Writes CONTEXT_SIZE features for one window into `target` at `offset`, in CONTEXT_FEATURES order. */
export function writeContextFeatures(shape: WindowShape, context: BatchContext, target: Float32Array, offset: number): void {
  const t = context.temperature;
  const values = [
    shape.logKurtosis,
    shape.logCrestFactor,
    t ? 1 : 0,
    t ? clip((t.meanC - 50) / 20, 5) : 0,
    t ? clip(t.stdC / 5, 5) : 0,
    t ? clip(t.slopeCPerMinute / 5, 5) : 0,
    t ? clip((t.maxC - t.meanC) / 5, 5) : 0,
    context.rpm !== undefined ? 1 : 0,
    context.rpm !== undefined ? clip(Math.log2(context.rpm / REFERENCE_RPM), 3) : 0,
    context.logPresent ? 1 : 0,
  ];
  for (let i = 0; i < CONTEXT_SIZE; i++) target[offset + i] = values[i] as number;
}
