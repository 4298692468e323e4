/** The contract between the telemetry features and the telemetry-cnn-moe graph. */

/** Every signal is resampled to this rate, the rate of the CWRU drive-end recordings the model learned from. */
export const MODEL_SAMPLE_RATE_HZ = 12_000;

/** Samples per window at the model rate: about 0.17 s, five shaft turns at 1,800 rpm. */
export const WINDOW_SAMPLES = 2048;

/** Window step when serving: half a window, so every impact lands well inside at least one window. */
export const DEFAULT_HOP_SAMPLES = 1024;

/** Sample rates the service accepts. */
export const MIN_SAMPLE_RATE_HZ = 1_000;
export const MAX_SAMPLE_RATE_HZ = 100_000;

export const FAULT_LABELS = ['normal', 'inner_race', 'outer_race', 'ball'] as const;
export type FaultLabel = (typeof FAULT_LABELS)[number];

/** Bumped whenever a change here or in the feature code would change the tensors a trained graph expects. */
export const TELEMETRY_FEATURE_SPEC = { name: 'telemetry-windows', version: 1 } as const;

/** Graph input names. */
export const INPUT_VIBRATION = 'vibration';
export const INPUT_CONTEXT = 'context';
export const INPUT_LOG = 'log_features';
