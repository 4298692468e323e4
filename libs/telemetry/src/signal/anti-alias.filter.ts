/**
 * Kaiser-windowed sinc low-pass filters for rational resampling. The kernel is designed once per
 * (source rate, target rate) pair and tabulated per polyphase branch, so that resampling is a plain
 * dot product per output sample.
 */

/** Stopband attenuation of every designed filter. 80 dB keeps aliased energy below the sensor noise floor. */
export const STOPBAND_ATTENUATION_DB = 80;

/** Passband edge as a share of the stopband edge: the transition band the Kaiser window needs. */
export const PASSBAND_SHARE = 0.8;

export interface LowPassDesign {
  /** Passband edge in Hz (flat within about 1e-4 up to here). */
  passbandHz: number;
  /** Stopband edge in Hz (attenuated by STOPBAND_ATTENUATION_DB from here up). */
  stopbandHz: number;
}

/** Zeroth-order modified Bessel function of the first kind, by its power series (converges fast for the betas used). */
export function besselI0(x: number): number {
  const quarterSquare = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 200; k++) {
    term *= quarterSquare / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** Kaiser's beta for a stopband attenuation in dB (Kaiser 1974, the A > 50 dB branch). */
export function kaiserBeta(attenuationDb: number): number {
  if (attenuationDb > 50) return 0.1102 * (attenuationDb - 8.7);
  if (attenuationDb >= 21) return 0.5842 * (attenuationDb - 21) ** 0.4 + 0.07886 * (attenuationDb - 21);
  return 0;
}

/**
 * The default band of a resampling from `fromHz` to `toHz`: the stopband starts at the Nyquist
 * frequency of the slower of the two rates, so nothing above it can fold back (decimation) or be
 * imaged (interpolation).
 */
export function defaultLowPass(fromHz: number, toHz: number): LowPassDesign {
  const stopbandHz = Math.min(fromHz, toHz) / 2;
  return { passbandHz: stopbandHz * PASSBAND_SHARE, stopbandHz };
}

/**
 * Half the kernel's length in seconds for a given transition width (Kaiser's length estimate,
 * N = (A - 7.95) / (2.285 * 2 pi * df / fs), expressed in time so it holds at any sampling rate).
 */
export function kernelHalfSpanSeconds(design: LowPassDesign): number {
  const transitionHz = design.stopbandHz - design.passbandHz;
  if (!(transitionHz > 0)) throw new RangeError('the stopband edge must lie above the passband edge');
  return (STOPBAND_ATTENUATION_DB - 7.95) / (2.285 * 2 * Math.PI * transitionHz) / 2;
}

/**
 * The continuous low-pass kernel evaluated at `offsetSeconds` from its centre: an ideal low-pass at
 * the middle of the transition band, tapered by a Kaiser window of the given half span.
 */
export function lowPassKernel(offsetSeconds: number, cutoffHz: number, halfSpanSeconds: number, beta: number): number {
  const ratio = offsetSeconds / halfSpanSeconds;
  if (ratio <= -1 || ratio >= 1) return 0;
  const x = 2 * cutoffHz * offsetSeconds;
  const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
  return 2 * cutoffHz * sinc * (besselI0(beta * Math.sqrt(1 - ratio * ratio)) / besselI0(beta));
}
