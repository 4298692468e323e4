/**
 * Temperature statistics of one batch. Gateways send temperature at whatever rate they have (often
 * one reading a second or less), spread evenly over the same interval as the vibration, so the
 * statistics describe the whole batch and are shared by all of its windows.
 */

export interface TemperatureStats {
  meanC: number;
  stdC: number;
  /** Least-squares trend in degrees C per minute over the batch. */
  slopeCPerMinute: number;
  maxC: number;
}

/** `durationSeconds` is the batch's length in time; readings are taken at the centres of equal slices of it. */
export function temperatureStats(readings: ArrayLike<number>, durationSeconds: number): TemperatureStats | undefined {
  const n = readings.length;
  if (n === 0) return undefined;
  let mean = 0;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const value = readings[i] as number;
    mean += value;
    if (value > max) max = value;
  }
  mean /= n;
  let variance = 0;
  let covariance = 0;
  let timeVariance = 0;
  const slice = durationSeconds / n;
  const meanTime = durationSeconds / 2;
  for (let i = 0; i < n; i++) {
    const d = (readings[i] as number) - mean;
    const t = (i + 0.5) * slice - meanTime;
    variance += d * d;
    covariance += d * t;
    timeVariance += t * t;
  }
  const slopePerSecond = timeVariance > 0 ? covariance / timeVariance : 0;
  return { meanC: mean, stdC: Math.sqrt(variance / n), slopeCPerMinute: slopePerSecond * 60, maxC: max };
}
