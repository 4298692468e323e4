import { CONTEXT_FEATURES, CONTEXT_SIZE } from '../context/context.features';
import { LOG_FEATURE_SIZE } from '../text/maintenance-log.featuriser';
import { buildModelInputs, minimumSamples } from './model-inputs.builder';
import { InvalidTelemetryError, SignalTooShortError } from './telemetry-input.errors';
import { DEFAULT_HOP_SAMPLES, MODEL_SAMPLE_RATE_HZ, WINDOW_SAMPLES } from './telemetry-model.constants';

/** A bearing-like vibration: shaft tone and a structural resonance rung by periodic impacts (smooth onsets keep it inside the band). */
function vibration(rate: number, seconds: number): Float64Array {
  return Float64Array.from({ length: Math.round(rate * seconds) }, (_, i) => {
    const t = i / rate;
    const u = (t % (1 / 105)) * 600;
    return 0.05 * Math.sin(2 * Math.PI * 30 * t) + u * u * Math.exp(2 - 2 * u) * Math.sin(2 * Math.PI * 3100 * t);
  });
}

describe('buildModelInputs', () => {
  it('cuts half-overlapping windows at the model rate with one context and log row per window', () => {
    const inputs = buildModelInputs({ vibration: vibration(12_000, 1), sampleRateHz: 12_000, rpm: 1797, temperature: [60, 61], maintenanceLog: '异响' });
    const windows = Math.floor((12_000 - WINDOW_SAMPLES) / DEFAULT_HOP_SAMPLES) + 1;
    expect(inputs.windows).toBe(windows);
    expect(inputs.tensors.vibration.dims).toEqual([windows, 1, WINDOW_SAMPLES]);
    expect(inputs.tensors.context.dims).toEqual([windows, CONTEXT_SIZE]);
    expect(inputs.tensors.log_features.dims).toEqual([windows, LOG_FEATURE_SIZE]);
    expect(inputs.windowStartSeconds[1]).toBeCloseTo(DEFAULT_HOP_SAMPLES / MODEL_SAMPLE_RATE_HZ, 9);
    const context = inputs.tensors.context.data;
    for (const flag of ['temperature_present', 'rpm_present', 'log_present'] as const) {
      expect(context[(windows - 1) * CONTEXT_SIZE + CONTEXT_FEATURES.indexOf(flag)]).toBe(1);
    }
  });

  it('makes nearly the same windows from 48 kHz and 12 kHz recordings of one vibration', () => {
    const a = buildModelInputs({ vibration: vibration(48_000, 0.5), sampleRateHz: 48_000 });
    const b = buildModelInputs({ vibration: vibration(12_000, 0.5), sampleRateHz: 12_000 });
    expect(a.windows).toBe(b.windows);
    // Window 1 lies away from the signal's edges, where the two filters see different reflections.
    let worst = 0;
    for (let i = WINDOW_SAMPLES + 100; i < 2 * WINDOW_SAMPLES - 100; i++) {
      worst = Math.max(worst, Math.abs((a.tensors.vibration.data[i] as number) - (b.tensors.vibration.data[i] as number)));
    }
    expect(worst).toBeLessThan(0.01);
  });

  it('answers a short signal with the minimum length at the caller rate', () => {
    for (const rate of [1000, 12_000, 44_100, 48_000, 100_000]) {
      const minimum = minimumSamples(rate);
      expect(buildModelInputs({ vibration: vibration(rate, 1).subarray(0, minimum), sampleRateHz: rate }).windows).toBe(1);
      const short = () => buildModelInputs({ vibration: vibration(rate, 1).subarray(0, minimum - 1), sampleRateHz: rate });
      expect(short).toThrow(SignalTooShortError);
      try {
        short();
      } catch (error) {
        expect((error as SignalTooShortError).minimumSamples).toBe(minimum);
      }
    }
    expect(minimumSamples(12_000)).toBe(WINDOW_SAMPLES);
  });

  it('rejects what cannot be measured', () => {
    const ok = vibration(12_000, 0.5);
    expect(() => buildModelInputs({ vibration: [...ok.subarray(0, 3000), Number.NaN, ...ok.subarray(3000)], sampleRateHz: 12_000 })).toThrow(InvalidTelemetryError);
    expect(() => buildModelInputs({ vibration: ok, sampleRateHz: 12_000, temperature: [Number.POSITIVE_INFINITY] })).toThrow(InvalidTelemetryError);
    expect(() => buildModelInputs({ vibration: ok, sampleRateHz: 0 })).toThrow(InvalidTelemetryError);
    expect(() => buildModelInputs({ vibration: ok, sampleRateHz: 10_000_000 })).toThrow(InvalidTelemetryError);
    expect(() => buildModelInputs({ vibration: [], sampleRateHz: 12_000 })).toThrow(InvalidTelemetryError);
    expect(() => buildModelInputs({ vibration: ok, sampleRateHz: 12_000, rpm: 0 })).toThrow(InvalidTelemetryError);
  });
});
