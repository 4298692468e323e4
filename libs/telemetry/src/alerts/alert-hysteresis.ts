/**
 * Alert hysteresis per asset and fault. A window's failure risk is attributed to each fault in
 * proportion to that fault's share of the non-normal probability, smoothed with an exponential
 * moving average, and an alert opens only after the smoothed risk has stayed at or above a threshold
 * for several consecutive windows; it closes only after it has stayed below a lower threshold for
 * several windows. One noisy window therefore neither opens nor closes an alert.
 */
import { FAULT_LABELS, type FaultLabel } from '../model/telemetry-model.constants';

export interface AlertPolicy {
  /** Smoothed risk at or above which a window counts towards opening. */
  openThreshold: number;
  /** Smoothed risk below which a window counts towards closing; lower than openThreshold. */
  closeThreshold: number;
  /** Consecutive windows at or above openThreshold that open an alert. */
  openWindows: number;
  /** Consecutive windows below closeThreshold that close it. */
  closeWindows: number;
  /** Weight of the newest window in the moving average, in (0, 1]; 1 means no smoothing. */
  smoothing: number;
}

export const DEFAULT_ALERT_POLICY: AlertPolicy = { openThreshold: 0.7, closeThreshold: 0.4, openWindows: 3, closeWindows: 3, smoothing: 0.5 };

export interface FaultRiskState {
  /** Null until the first window. */
  smoothedRisk: number | null;
  /** Consecutive windows counting towards the next transition. */
  streak: number;
  open: boolean;
}

export const INITIAL_FAULT_RISK_STATE: FaultRiskState = { smoothedRisk: null, streak: 0, open: false };

export type AlertTransition = 'open' | 'close';

export interface FaultRiskStep {
  state: FaultRiskState;
  transition: AlertTransition | null;
}

/** Throws a RangeError naming the first inconsistent setting. */
export function checkAlertPolicy(policy: AlertPolicy): void {
  const { openThreshold, closeThreshold, openWindows, closeWindows, smoothing } = policy;
  if (!(openThreshold > 0 && openThreshold <= 1)) throw new RangeError(`openThreshold must lie in (0, 1], got ${openThreshold}`);
  if (!(closeThreshold >= 0 && closeThreshold < openThreshold)) {
    throw new RangeError(`closeThreshold must lie in [0, openThreshold), got ${closeThreshold} with openThreshold ${openThreshold}`);
  }
  for (const [name, value] of [['openWindows', openWindows], ['closeWindows', closeWindows]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  if (!(smoothing > 0 && smoothing <= 1)) throw new RangeError(`smoothing must lie in (0, 1], got ${smoothing}`);
}

/** Feeds one window's risk for one fault through the moving average and the hysteresis. */
export function stepFaultRisk(state: FaultRiskState, risk: number, policy: AlertPolicy): FaultRiskStep {
  const smoothedRisk = state.smoothedRisk === null ? risk : policy.smoothing * risk + (1 - policy.smoothing) * state.smoothedRisk;
  if (!state.open) {
    const streak = smoothedRisk >= policy.openThreshold ? state.streak + 1 : 0;
    if (streak >= policy.openWindows) return { state: { smoothedRisk, streak: 0, open: true }, transition: 'open' };
    return { state: { smoothedRisk, streak, open: false }, transition: null };
  }
  const streak = smoothedRisk < policy.closeThreshold ? state.streak + 1 : 0;
  if (streak >= policy.closeWindows) return { state: { smoothedRisk, streak: 0, open: false }, transition: 'close' };
  return { state: { smoothedRisk, streak, open: true }, transition: null };
}

export type Fault = Exclude<FaultLabel, 'normal'>;

export const FAULTS = FAULT_LABELS.filter((label): label is Fault => label !== 'normal');

/**
 * The window's failure risk attributed to each fault: risk x p(fault) / p(any fault). A window the
 * model calls healthy still spreads its (low) risk over the faults by their relative probabilities.
 * `probabilities` is one row in FAULT_LABELS order.
 */
export function faultRisks(probabilities: ArrayLike<number>, failureRisk: number): Record<Fault, number> {
  let faulty = 0;
  FAULTS.forEach((fault) => (faulty += probabilities[FAULT_LABELS.indexOf(fault)] as number));
  return Object.fromEntries(
    FAULTS.map((fault) => [fault, faulty > 1e-12 ? (failureRisk * (probabilities[FAULT_LABELS.indexOf(fault)] as number)) / faulty : 0]),
  ) as Record<Fault, number>;
}

export interface WindowRisk {
  /** One row of class probabilities in FAULT_LABELS order. */
  probabilities: ArrayLike<number>;
  failureRisk: number;
}

export interface AlertEvent {
  fault: Fault;
  transition: AlertTransition;
  /** Index of the window (in the sequence given) that caused it. */
  window: number;
  smoothedRisk: number;
}

export interface AssetRiskTrack {
  states: Record<Fault, FaultRiskState>;
  events: AlertEvent[];
  /** Highest smoothed risk over all faults after each window. */
  smoothedRisk: number[];
  /** Per fault, the highest smoothed risk seen while its alert was open (absent when it never was). */
  openPeaks: Partial<Record<Fault, number>>;
}

/** Runs a sequence of windows, oldest first, through every fault's hysteresis. */
export function trackAssetRisk(initial: Partial<Record<Fault, FaultRiskState>>, windows: readonly WindowRisk[], policy: AlertPolicy): AssetRiskTrack {
  const states = Object.fromEntries(FAULTS.map((fault) => [fault, initial[fault] ?? INITIAL_FAULT_RISK_STATE])) as Record<Fault, FaultRiskState>;
  const events: AlertEvent[] = [];
  const smoothedRisk: number[] = [];
  const openPeaks: Partial<Record<Fault, number>> = {};
  windows.forEach((window, index) => {
    const risks = faultRisks(window.probabilities, window.failureRisk);
    let highest = 0;
    for (const fault of FAULTS) {
      const step = stepFaultRisk(states[fault], risks[fault], policy);
      states[fault] = step.state;
      highest = Math.max(highest, step.state.smoothedRisk ?? 0);
      if (step.transition) events.push({ fault, transition: step.transition, window: index, smoothedRisk: step.state.smoothedRisk ?? 0 });
      if (step.state.open || step.transition === 'close') openPeaks[fault] = Math.max(openPeaks[fault] ?? 0, step.state.smoothedRisk ?? 0);
    }
    smoothedRisk.push(highest);
  });
  return { states, events, smoothedRisk, openPeaks };
}
