/** How many model windows a batch yields, known before any resampling is done (what ingestion answers with). */
import { resampledLength } from '../signal/polyphase.resampler';
import { MODEL_SAMPLE_RATE_HZ, WINDOW_SAMPLES } from '../model/telemetry-model.constants';

export function countWindows(samples: number, sampleRateHz: number, hopSamples: number): number {
  if (!Number.isInteger(hopSamples) || hopSamples <= 0) throw new RangeError(`hop must be a positive integer, got ${hopSamples}`);
  const length = resampledLength(samples, sampleRateHz, MODEL_SAMPLE_RATE_HZ);
  return length < WINDOW_SAMPLES ? 0 : Math.floor((length - WINDOW_SAMPLES) / hopSamples) + 1;
}
