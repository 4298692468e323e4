/** Folds per-window model outputs into one answer for a signal, as POST /v1/predict returns it. */
import { FAULT_LABELS, type FaultLabel } from './telemetry-model.constants';

export interface SignalPrediction {
  label: FaultLabel;
  probabilities: Record<FaultLabel, number>;
  failureRisk: number;
  windows: number;
}

/**
 * Averages class probabilities over windows (a fault shows in most windows, a transient in few) and
 * takes the mean failure risk. `probabilities` is [windows, FAULT_LABELS.length] row-major.
 */
export function summariseWindowPredictions(probabilities: ArrayLike<number>, failureRisk: ArrayLike<number>): SignalPrediction {
  const classes = FAULT_LABELS.length;
  const windows = failureRisk.length;
  if (windows === 0 || probabilities.length !== windows * classes) {
    throw new RangeError(`expected ${windows} x ${classes} probabilities for ${windows} windows, got ${probabilities.length}`);
  }
  const mean = new Array<number>(classes).fill(0);
  let risk = 0;
  for (let w = 0; w < windows; w++) {
    for (let c = 0; c < classes; c++) mean[c] = (mean[c] as number) + (probabilities[w * classes + c] as number) / windows;
    risk += (failureRisk[w] as number) / windows;
  }
  let best = 0;
  for (let c = 1; c < classes; c++) if ((mean[c] as number) > (mean[best] as number)) best = c;
  const byLabel = Object.fromEntries(FAULT_LABELS.map((label, c) => [label, mean[c] as number])) as Record<FaultLabel, number>;
  return { label: FAULT_LABELS[best] as FaultLabel, probabilities: byLabel, failureRisk: risk, windows };
}
