/**
 * Per-window normalisation and shape statistics. Windows are standardised to zero mean and unit
 * variance so that the network sees the waveform's shape, not the sensor's gain or units; the gain-free
 * statistics below carry what standardisation keeps (impulsiveness) into the fused features.
 */

/** Below this standard deviation (in the signal's units) a window is treated as flat: the sensor is silent or stuck. */
export const FLAT_WINDOW_STD = 1e-9;

export interface WindowShape {
  /** Natural log of the kurtosis (3 for Gaussian noise, far above for the impacts of a spalled race). */
  logKurtosis: number;
  /** Natural log of the crest factor, peak |x - mean| over the standard deviation. */
  logCrestFactor: number;
}

/**
 * Writes the standardised window `signal[start, start + length)` into `target` at `targetOffset`
 * (float32, as the model reads it) and returns its shape statistics. A flat window becomes zeros with
 * Gaussian-like statistics, so it reads as "no impacts" rather than as a numerical accident.
 */
export function normaliseWindow(signal: ArrayLike<number>, start: number, length: number, target: Float32Array, targetOffset: number): WindowShape {
  let mean = 0;
  for (let i = 0; i < length; i++) mean += signal[start + i] as number;
  mean /= length;
  let m2 = 0;
  let m4 = 0;
  let peak = 0;
  for (let i = 0; i < length; i++) {
    const d = (signal[start + i] as number) - mean;
    const d2 = d * d;
    m2 += d2;
    m4 += d2 * d2;
    const magnitude = Math.abs(d);
    if (magnitude > peak) peak = magnitude;
  }
  m2 /= length;
  m4 /= length;
  const std = Math.sqrt(m2);
  if (!(std > FLAT_WINDOW_STD)) {
    target.fill(0, targetOffset, targetOffset + length);
    return { logKurtosis: Math.log(3), logCrestFactor: 0 };
  }
  for (let i = 0; i < length; i++) target[targetOffset + i] = ((signal[start + i] as number) - mean) / std;
  return { logKurtosis: Math.log(m4 / (m2 * m2)), logCrestFactor: Math.log(peak / std) };
}
