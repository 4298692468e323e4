/**
 * telemetry-cnn-moe on the CWRU 3 HP test split (a motor load it never trained on), recomputed with
 * onnxruntime-node through @mosaic/moe-inference and the same @mosaic/telemetry features the
 * service uses: macro-F1 of the model and of its pruned variant, the same with every context input
 * absent (the vibration alone), the failure risk's ROC-AUC, and whether 48 kHz and 12 kHz
 * recordings of one state get one label.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OnnxSession } from '@mosaic/moe-inference';
import {
  buildModelInputs,
  CONTEXT_FEATURES,
  CONTEXT_SIZE,
  FAULT_LABELS,
  LOG_FEATURE_SIZE,
  MODEL_SAMPLE_RATE_HZ,
  resample,
  summariseWindowPredictions,
  WINDOW_SAMPLES,
} from '@mosaic/telemetry';
import type { StoredTensor } from '../datasets/src/common/tensor-store';
import { loadCwru, type CwruRecording } from '../datasets/src/telemetry/cwru.loader';
import { seededRandom } from '../datasets/src/telemetry/seeded-random';
import { BATCH_SECONDS, buildTelemetrySplit, HOP_SAMPLES } from '../datasets/src/telemetry/telemetry-dataset.builder';
import { graphFile, type Evaluate, type Evaluation, type EvaluationOptions } from './evaluator';

const root = resolve(__dirname, '../..');
const MODEL = 'telemetry-cnn-moe';
const RUN_ROWS = 256;

export function latestModelDir(): string {
  const dir = join(root, 'models', MODEL);
  const versions = existsSync(dir) ? readdirSync(dir).sort((a, b) => a.localeCompare(b, undefined, { numeric: true })) : [];
  const latest = versions.at(-1);
  if (!latest) throw new Error(`no committed ${MODEL} under ${dir}`);
  return join(dir, latest);
}

interface Outputs {
  probabilities: Float32Array;
  risk: Float32Array;
}

interface Rows {
  vibration: Float32Array;
  context: Float32Array;
  log: Float32Array;
  count: number;
}

async function run(session: OnnxSession, rows: Rows): Promise<Outputs> {
  const probabilities = new Float32Array(rows.count * FAULT_LABELS.length);
  const risk = new Float32Array(rows.count);
  for (let start = 0; start < rows.count; start += RUN_ROWS) {
    const n = Math.min(RUN_ROWS, rows.count - start);
    const out = await session.run({
      vibration: { type: 'float32', dims: [n, 1, WINDOW_SAMPLES], data: rows.vibration.subarray(start * WINDOW_SAMPLES, (start + n) * WINDOW_SAMPLES) },
      context: { type: 'float32', dims: [n, CONTEXT_SIZE], data: rows.context.subarray(start * CONTEXT_SIZE, (start + n) * CONTEXT_SIZE) },
      log_features: { type: 'float32', dims: [n, LOG_FEATURE_SIZE], data: rows.log.subarray(start * LOG_FEATURE_SIZE, (start + n) * LOG_FEATURE_SIZE) },
    });
    probabilities.set(out['probabilities']?.data as Float32Array, start * FAULT_LABELS.length);
    risk.set(out['failure_risk']?.data as Float32Array, start);
  }
  return { probabilities, risk };
}

export function argmaxRows(probabilities: Float32Array, classes = FAULT_LABELS.length): number[] {
  const labels: number[] = [];
  for (let r = 0; r < probabilities.length / classes; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if ((probabilities[r * classes + c] as number) > (probabilities[r * classes + best] as number)) best = c;
    labels.push(best);
  }
  return labels;
}

export function macroF1(truth: readonly number[], predicted: readonly number[], classes = FAULT_LABELS.length): number {
  let sum = 0;
  for (let c = 0; c < classes; c++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    truth.forEach((t, i) => {
      if (predicted[i] === c && t === c) tp++;
      else if (predicted[i] === c) fp++;
      else if (t === c) fn++;
    });
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / classes;
}

/** ROC-AUC by the rank statistic: the chance that a random positive scores above a random negative (ties count half). */
export function rocAuc(scores: ArrayLike<number>, positive: readonly boolean[]): number {
  let pairs = 0;
  let wins = 0;
  for (let i = 0; i < positive.length; i++) {
    if (!positive[i]) continue;
    for (let j = 0; j < positive.length; j++) {
      if (positive[j]) continue;
      pairs++;
      const d = (scores[i] as number) - (scores[j] as number);
      wins += d > 0 ? 1 : d === 0 ? 0.5 : 0;
    }
  }
  return pairs === 0 ? Number.NaN : wins / pairs;
}

/** A fixed stratified sample: up to size/classes windows per class, the same on every run. */
function sampleRows(labels: readonly number[], size: number): number[] {
  const random = seededRandom(`${MODEL}:eval-sample`);
  const chosen: number[] = [];
  for (let c = 0; c < FAULT_LABELS.length; c++) {
    const rows = labels.flatMap((l, i) => (l === c ? [i] : []));
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rows[i], rows[j]] = [rows[j] as number, rows[i] as number];
    }
    chosen.push(...rows.slice(0, Math.ceil(size / FAULT_LABELS.length)));
  }
  return chosen.sort((a, b) => a - b);
}

function selectRows(tensors: Record<string, StoredTensor>, rows: readonly number[]): Rows {
  const take = (name: string, width: number) => {
    const source = tensors[name]?.data as Float32Array;
    const out = new Float32Array(rows.length * width);
    rows.forEach((r, i) => out.set(source.subarray(r * width, (r + 1) * width), i * width));
    return out;
  };
  return { vibration: take('vibration', WINDOW_SAMPLES), context: take('context', CONTEXT_SIZE), log: take('log_features', LOG_FEATURE_SIZE), count: rows.length };
}

/** The same windows with temperature, rpm and log absent, as a gateway that sends vibration only. */
function vibrationOnly(rows: Rows): Rows {
  const context = rows.context.slice();
  const kept = new Set(['log_kurtosis', 'log_crest_factor']);
  for (let r = 0; r < rows.count; r++) {
    CONTEXT_FEATURES.forEach((name, i) => {
      if (!kept.has(name)) context[r * CONTEXT_SIZE + i] = 0;
    });
  }
  return { ...rows, context, log: new Float32Array(rows.log.length) };
}

function toRows(inputs: ReturnType<typeof buildModelInputs>): Rows {
  return { vibration: inputs.tensors.vibration.data, context: inputs.tensors.context.data, log: inputs.tensors.log_features.data, count: inputs.windows };
}

/**
 * The same machine state at 48 kHz and at 12 kHz, one-second batches labelled by the service's
 * summary. The healthy recording is native 48 kHz, decimated here to 12 kHz; the 3 HP fault
 * recordings are native 12 kHz, interpolated here to 48 kHz. Returns the share of batches whose two
 * versions get the same label.
 */
async function resamplingAgreement(session: OnnxSession, recordings: readonly CwruRecording[], batchesPerRecording: number): Promise<number> {
  let agree = 0;
  let total = 0;
  for (const recording of recordings) {
    const native = recording.label === 'normal' ? recording.vibration.subarray(Math.floor(recording.vibration.length / 2)) : recording.vibration;
    const other = recording.sampleRateHz === 48_000 ? MODEL_SAMPLE_RATE_HZ : 48_000;
    const converted = resample(native, recording.sampleRateHz, other);
    for (let b = 0; b < batchesPerRecording; b++) {
      const labelAt = async (signal: ArrayLike<number>, rate: number) => {
        const length = BATCH_SECONDS * rate;
        const slice = Array.prototype.slice.call(signal, b * length, (b + 1) * length) as number[];
        const inputs = buildModelInputs({ vibration: slice, sampleRateHz: rate });
        const out = await run(session, toRows(inputs));
        return summariseWindowPredictions(out.probabilities, out.risk).label;
      };
      if ((b + 1) * BATCH_SECONDS * recording.sampleRateHz > native.length) break;
      const [a, c] = await Promise.all([labelAt(native, recording.sampleRateHz), labelAt(converted, other)]);
      total++;
      if (a === c) agree++;
    }
  }
  return agree / total;
}

export async function evaluateModelDir(modelDir: string, options: EvaluationOptions): Promise<Evaluation> {
  const recordings = loadCwru(options.datasets);
  const test = buildTelemetrySplit(recordings, 'test');
  const labels = Array.from(test.tensors['label']?.data as BigInt64Array, Number);
  const rows = options.sample ? sampleRows(labels, options.sample) : labels.map((_, i) => i);
  const truth = rows.map((r) => labels[r] as number);
  const selected = selectRows(test.tensors, rows);
  const metrics: Evaluation = {};

  const model = OnnxSession.open(join(modelDir, graphFile(options.variant)));
  const full = await run(model, selected);
  metrics['cwru_3hp_macro_f1'] = macroF1(truth, argmaxRows(full.probabilities));
  metrics['cwru_3hp_vibration_only_macro_f1'] = macroF1(truth, argmaxRows((await run(model, vibrationOnly(selected))).probabilities));
  metrics['cwru_3hp_risk_auc'] = rocAuc(full.risk, truth.map((t) => t !== 0));
  const testRecordings = recordings.filter((r) => r.loadHp === 3 || r.label === 'normal');
  metrics['resampling_48k_12k_label_agreement'] = await resamplingAgreement(model, testRecordings, options.sample ? 1 : 10);
  model.dispose();

  const prunedPath = join(modelDir, 'model.pruned.onnx');
  if (!options.variant && existsSync(prunedPath)) {
    const pruned = OnnxSession.open(prunedPath);
    metrics['pruned_cwru_3hp_macro_f1'] = macroF1(truth, argmaxRows((await run(pruned, selected)).probabilities));
    metrics['pruned_macro_f1_change'] = (metrics['pruned_cwru_3hp_macro_f1'] as number) - (metrics['cwru_3hp_macro_f1'] as number);
    pruned.dispose();
  }
  metrics['test_windows'] = rows.length;
  return metrics;
}

/** Window step of the test split, for the card. */
export const TEST_HOP_SAMPLES = HOP_SAMPLES.test.fault;

export const evaluate: Evaluate = (options) => evaluateModelDir(latestModelDir(), options);
