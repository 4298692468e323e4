import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@mosaic/platform-config';
import { RequestValidationException, type ErrorDetail } from '@mosaic/platform-http';
import { InvalidTelemetryError, SignalTooShortError, buildModelInputs, type ModelInputs } from '@mosaic/telemetry';
import type { TelemetryConfig } from '../config/telemetry.config';
import { MAX_PREDICT_SECONDS, type PredictRequest, type PredictionView } from './dto/predict.dto';
import { TelemetryModelService, type WindowPredictions } from './telemetry-model.service';

const unprocessable = (message: string, details: ErrorDetail[]) => new RequestValidationException(message, details, HttpStatus.UNPROCESSABLE_ENTITY);

function finiteSamples(name: string, values: unknown[], details: ErrorDetail[]): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      if (details.length < 5) details.push({ path: `${name}.${i}`, message: 'must be a finite number' });
      continue;
    }
    out[i] = value;
  }
  return out;
}

/** Mean class probability and risk over the windows, and each expert's mean router weight. */
export function summarise(predicted: WindowPredictions): Omit<PredictionView, 'windows'> {
  const { windows, labels } = predicted;
  const classes = labels.length;
  const mean = new Array<number>(classes).fill(0);
  let risk = 0;
  const expertWeight = new Map<number, number>();
  for (let w = 0; w < windows; w++) {
    for (let c = 0; c < classes; c++) mean[c] = (mean[c] as number) + (predicted.probabilities[w * classes + c] as number) / windows;
    risk += (predicted.failureRisk[w] as number) / windows;
    const routing = predicted.routing[w];
    routing?.experts.forEach((expert, k) => expertWeight.set(expert, (expertWeight.get(expert) ?? 0) + (routing.weights[k] ?? 0) / windows));
  }
  let best = 0;
  for (let c = 1; c < classes; c++) if ((mean[c] as number) > (mean[best] as number)) best = c;
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return {
    label: labels[best] as string,
    probabilities: Object.fromEntries(labels.map((label, c) => [label, round(mean[c] as number)])),
    failureRisk: round(risk),
    experts: [...expertWeight].sort((a, b) => b[1] - a[1]).map(([expert, weight]) => ({ expert, weight: round(weight) })),
    modelVersion: predicted.modelVersion,
  };
}

@Injectable()
export class PredictService {
  constructor(
    private readonly model: TelemetryModelService,
    @Inject(APP_CONFIG) private readonly config: TelemetryConfig,
  ) {}

  async predict(request: PredictRequest): Promise<PredictionView> {
    const details: ErrorDetail[] = [];
    const vibration = finiteSamples('vibration', request.vibration, details);
    const temperature = request.temperature ? finiteSamples('temperature', request.temperature, details) : undefined;
    if (details.length) throw unprocessable('samples must be finite numbers', details);
    const limit = Math.floor(MAX_PREDICT_SECONDS * request.sampleRateHz);
    if (vibration.length > limit) {
      throw unprocessable(`POST /v1/predict takes at most ${MAX_PREDICT_SECONDS} s of signal; send longer recordings to POST /v1/telemetry`, [
        { path: 'vibration', message: `${vibration.length} samples; at most ${limit} at ${request.sampleRateHz} Hz` },
      ]);
    }
    const inputs = this.inputs({ ...request, vibration, temperature: temperature?.length ? temperature : undefined });
    const predicted = await this.model.predict(inputs, this.config.PREDICT_DEADLINE_MS);
    return { ...summarise(predicted), windows: predicted.windows };
  }

  private inputs(request: Omit<PredictRequest, 'vibration' | 'temperature'> & { vibration: Float64Array; temperature?: Float64Array }): ModelInputs {
    try {
      return buildModelInputs(request);
    } catch (error) {
      if (error instanceof SignalTooShortError) {
        throw unprocessable(error.message, [
          { path: 'vibration', message: `${error.samples} samples; the minimum at ${error.sampleRateHz} Hz is ${error.minimumSamples}` },
        ]);
      }
      if (error instanceof InvalidTelemetryError) throw unprocessable(error.message, [{ path: 'vibration', message: error.message }]);
      throw error;
    }
  }
}
