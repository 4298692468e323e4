import type { RecalibrationGuardrails, ThresholdTargets } from './threshold-recalibration.calculator';

/**
 * The defaults the service runs with (apps/fraud-api config reads them as its defaults) and the drift
 * simulation holds, so that the benchmark measures the configuration that ships.
 */
export const DEFAULT_THRESHOLD_TARGETS: ThresholdTargets = { reviewRate: 0.02, falsePositiveRate: 0.002 };

export const DEFAULT_RECALIBRATION_GUARDRAILS: RecalibrationGuardrails = {
  minSamples: 500,
  maxStep: 0.05,
  minGap: 0.005,
  floor: 0.001,
  ceiling: 0.99999,
  tolerance: 0.0005,
};
