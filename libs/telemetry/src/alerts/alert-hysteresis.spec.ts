import {
  checkAlertPolicy,
  faultRisks,
  stepFaultRisk,
  trackAssetRisk,
  INITIAL_FAULT_RISK_STATE,
  type AlertPolicy,
  type WindowRisk,
} from './alert-hysteresis';

const policy: AlertPolicy = { openThreshold: 0.7, closeThreshold: 0.4, openWindows: 3, closeWindows: 2, smoothing: 1 };

/** A window that the model calls inner race with the given risk, or healthy. */
const innerRace = (risk: number): WindowRisk => ({ probabilities: [0.02, 0.96, 0.01, 0.01], failureRisk: risk });
const healthy = (risk = 0.05): WindowRisk => ({ probabilities: [0.97, 0.01, 0.01, 0.01], failureRisk: risk });

describe('alert hysteresis', () => {
  it('opens only after N consecutive windows above the threshold', () => {
    const track = trackAssetRisk({}, [innerRace(0.9), innerRace(0.9), healthy(), innerRace(0.9), innerRace(0.9), innerRace(0.9)], policy);
    expect(track.events).toEqual([{ fault: 'inner_race', transition: 'open', window: 5, smoothedRisk: expect.closeTo(0.9 * 0.96 / 0.98, 6) }]);
    expect(track.states.inner_race.open).toBe(true);
    expect(track.states.ball.open).toBe(false);
    expect(track.openPeaks).toEqual({ inner_race: expect.closeTo(0.9 * 0.96 / 0.98, 6) });
  });

  it('stays open through one noisy window and closes after M windows below the lower threshold', () => {
    const opened = trackAssetRisk({}, [innerRace(0.9), innerRace(0.9), innerRace(0.9)], policy);
    const later = trackAssetRisk(opened.states, [healthy(), innerRace(0.5), healthy(), healthy()], policy);
    expect(later.events).toEqual([{ fault: 'inner_race', transition: 'close', window: 3, smoothedRisk: expect.any(Number) }]);
    const noisy = trackAssetRisk(opened.states, [healthy(), innerRace(0.9), healthy()], policy);
    expect(noisy.events).toEqual([]);
    expect(noisy.states.inner_race.open).toBe(true);
  });

  it('between the thresholds neither opens nor closes', () => {
    const open = { ...INITIAL_FAULT_RISK_STATE, open: true, smoothedRisk: 0.8 };
    const step = stepFaultRisk(open, 0.5, policy);
    expect(step).toEqual({ state: { smoothedRisk: 0.5, streak: 0, open: true }, transition: null });
    expect(stepFaultRisk(INITIAL_FAULT_RISK_STATE, 0.5, policy).transition).toBeNull();
  });

  it('smooths with an exponential moving average, so a single spike does not reach the threshold', () => {
    const smoothed = { ...policy, smoothing: 0.3, openWindows: 1 };
    const track = trackAssetRisk({}, [healthy(0.1), innerRace(0.95), healthy(0.1)], smoothed);
    expect(track.events).toEqual([]);
    expect(track.smoothedRisk[1]).toBeLessThan(0.7);
  });

  it('attributes the failure risk to faults by their share of the fault probability', () => {
    const risks = faultRisks([0.5, 0.25, 0.25, 0], 0.8);
    expect(risks.inner_race).toBeCloseTo(0.4, 9);
    expect(risks.outer_race).toBeCloseTo(0.4, 9);
    expect(risks.ball).toBe(0);
    expect(faultRisks([1, 0, 0, 0], 0.9)).toEqual({ inner_race: 0, outer_race: 0, ball: 0 });
  });

  it('refuses inconsistent policies', () => {
    expect(() => checkAlertPolicy(policy)).not.toThrow();
    expect(() => checkAlertPolicy({ ...policy, closeThreshold: 0.8 })).toThrow(/closeThreshold/);
    expect(() => checkAlertPolicy({ ...policy, openWindows: 0 })).toThrow(/openWindows/);
    expect(() => checkAlertPolicy({ ...policy, smoothing: 0 })).toThrow(/smoothing/);
  });
});
