/**
 * Rational-rate resampling with a polyphase windowed-sinc filter: every output sample is a weighted
 * sum of the input samples around its position, with weights from the anti-aliasing kernel for the
 * fractional part of that position. No sample is ever dropped or repeated, so a 48 kHz and a 12 kHz
 * recording of the same vibration come out with the same band and the same content.
 */
import { defaultLowPass, kaiserBeta, kernelHalfSpanSeconds, lowPassKernel, STOPBAND_ATTENUATION_DB, type LowPassDesign } from './anti-alias.filter';

/**
 * Most polyphase branches tabulated per plan. Integer rates whose reduced ratio needs more branches
 * (a 99,991 Hz source, say) round each position to the nearest of this many: a timing error under
 * 1/8192 of a sample, below -70 dB even at the band edge.
 */
export const MAX_PHASES = 4096;

export interface ResamplingPlan {
  readonly fromHz: number;
  readonly toHz: number;
  readonly design: LowPassDesign;
  /** Polyphase branches in `table`. */
  readonly phases: number;
  /** Taps per branch; output n reads inputs base - halfTaps + 1 ... base + halfTaps. */
  readonly halfTaps: number;
  /** phases x (2 * halfTaps) weights, each branch summing to 1 so that DC passes unchanged. */
  readonly table: Float64Array;
  /** Reduced integer ratio when both rates are integers: input position of output n is n * step / interpolation. */
  readonly step?: number;
  readonly interpolation?: number;
}

function greatestCommonDivisor(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function checkRate(name: string, hz: number): void {
  if (!Number.isFinite(hz) || hz <= 0) throw new RangeError(`${name} must be a positive finite rate in Hz, got ${hz}`);
}

export function planResampling(fromHz: number, toHz: number, design: LowPassDesign = defaultLowPass(fromHz, toHz)): ResamplingPlan {
  checkRate('fromHz', fromHz);
  checkRate('toHz', toHz);
  const integerRates = Number.isInteger(fromHz) && Number.isInteger(toHz);
  const divisor = integerRates ? greatestCommonDivisor(fromHz, toHz) : 1;
  const interpolation = integerRates ? toHz / divisor : undefined;
  const step = integerRates ? fromHz / divisor : undefined;
  const phases = interpolation !== undefined && interpolation <= MAX_PHASES ? interpolation : MAX_PHASES;

  const halfSpan = kernelHalfSpanSeconds(design);
  const cutoffHz = (design.passbandHz + design.stopbandHz) / 2;
  const beta = kaiserBeta(STOPBAND_ATTENUATION_DB);
  const halfTaps = Math.ceil(halfSpan * fromHz) + 1;
  const taps = 2 * halfTaps;
  const table = new Float64Array(phases * taps);
  for (let phase = 0; phase < phases; phase++) {
    const fraction = phase / phases;
    let sum = 0;
    for (let j = 0; j < taps; j++) {
      // Distance in input samples from the output position (base + fraction) to input base - halfTaps + 1 + j.
      const distance = fraction + halfTaps - 1 - j;
      const weight = lowPassKernel(distance / fromHz, cutoffHz, halfSpan, beta);
      table[phase * taps + j] = weight;
      sum += weight;
    }
    for (let j = 0; j < taps; j++) table[phase * taps + j] = (table[phase * taps + j] ?? 0) / sum;
  }
  return { fromHz, toHz, design, phases, halfTaps, table, step, interpolation };
}

const planCache = new Map<string, ResamplingPlan>();
const PLAN_CACHE_SIZE = 32;

/** Plans are cached: a worker sees a handful of gateway rates over and over. */
export function cachedPlan(fromHz: number, toHz: number, design: LowPassDesign = defaultLowPass(fromHz, toHz)): ResamplingPlan {
  const key = `${fromHz}:${toHz}:${design.passbandHz}:${design.stopbandHz}`;
  const hit = planCache.get(key);
  if (hit) {
    planCache.delete(key);
    planCache.set(key, hit);
    return hit;
  }
  const plan = planResampling(fromHz, toHz, design);
  planCache.set(key, plan);
  if (planCache.size > PLAN_CACHE_SIZE) {
    const oldest = planCache.keys().next().value;
    if (oldest !== undefined) planCache.delete(oldest);
  }
  return plan;
}

/** Output samples produced from `inputLength` samples: every output whose position lies inside the input. */
export function resampledLength(inputLength: number, fromHz: number, toHz: number): number {
  if (inputLength <= 0) return 0;
  if (Number.isInteger(fromHz) && Number.isInteger(toHz)) {
    const divisor = greatestCommonDivisor(fromHz, toHz);
    return Math.floor(((inputLength - 1) * (toHz / divisor)) / (fromHz / divisor)) + 1;
  }
  return Math.floor(((inputLength - 1) * toHz) / fromHz + 1e-9) + 1;
}

/** Mirror indices outside [0, length) back inside, so the filter sees a continuation of the signal rather than a step to zero. */
function reflect(index: number, length: number): number {
  if (length === 1) return 0;
  const period = 2 * (length - 1);
  const wrapped = ((index % period) + period) % period;
  return wrapped < length ? wrapped : period - wrapped;
}

/** Resamples with a plan from planResampling/cachedPlan; the input is read as float64 whatever its array type. */
export function resampleWithPlan(samples: ArrayLike<number>, plan: ResamplingPlan): Float64Array {
  const inputLength = samples.length;
  const outputLength = resampledLength(inputLength, plan.fromHz, plan.toHz);
  const output = new Float64Array(outputLength);
  const { halfTaps, table, phases, step, interpolation } = plan;
  const taps = 2 * halfTaps;
  const ratio = plan.fromHz / plan.toHz;
  for (let n = 0; n < outputLength; n++) {
    let base: number;
    let phase: number;
    if (step !== undefined && interpolation !== undefined) {
      const numerator = n * step;
      base = Math.floor(numerator / interpolation);
      const remainder = numerator - base * interpolation;
      phase = phases === interpolation ? remainder : Math.round((remainder / interpolation) * phases);
    } else {
      const position = n * ratio;
      base = Math.floor(position);
      phase = Math.round((position - base) * phases);
    }
    if (phase === phases) {
      base += 1;
      phase = 0;
    }
    const first = base - halfTaps + 1;
    const offset = phase * taps;
    let acc = 0;
    if (first >= 0 && first + taps <= inputLength) {
      for (let j = 0; j < taps; j++) acc += (table[offset + j] as number) * (samples[first + j] as number);
    } else {
      for (let j = 0; j < taps; j++) acc += (table[offset + j] as number) * (samples[reflect(first + j, inputLength)] as number);
    }
    output[n] = acc;
  }
  return output;
}

/**
 * Resamples `samples` from `fromHz` to `toHz` through the anti-aliasing low-pass. Equal rates still
 * pass through the filter, so that every source ends up with the same band.
 */
export function resample(samples: ArrayLike<number>, fromHz: number, toHz: number, design?: LowPassDesign): Float64Array {
  return resampleWithPlan(samples, cachedPlan(fromHz, toHz, design));
}
