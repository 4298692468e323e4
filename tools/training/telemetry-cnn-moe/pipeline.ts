/**
 * `npm run models:train -- telemetry-cnn-moe [--data ../shared/datasets] [--version 1.0.0]`
 * CWRU files -> tensors (tools/datasets, through @mosaic/telemetry) -> train.py (torch, ONNX export
 * checked against torch, golden.json) -> metrics recomputed with onnxruntime-node on the 3 HP test
 * split -> manifest.json -> MODEL_CARD.md.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { modelManifestSchema, type ModelManifest } from '@mosaic/moe-inference';
import { CONTEXT_SIZE, FAULT_LABELS, LOG_FEATURE_SIZE, MODEL_SAMPLE_RATE_HZ, TELEMETRY_FEATURE_SPEC, WINDOW_SAMPLES } from '@mosaic/telemetry';
import { DEFAULT_OUTPUT, writeTelemetryDataset } from '../../datasets/src/telemetry/main';
import { HOP_SAMPLES, NORMAL_GAP_SECONDS, NORMAL_TRAIN_SHARE } from '../../datasets/src/telemetry/telemetry-dataset.builder';
import { evaluateModelDir } from '../../evaluation/telemetry-cnn-moe.eval';
import { writeModelCard } from './model-card.writer';

const root = resolve(__dirname, '../../..');
const PYTHON = '/usr/bin/python3';
const NAME = 'telemetry-cnn-moe';

/** The card's bars: macro-F1 >= 0.98 on 3 HP, the pruned variant within half a point of it, and 48 kHz and 12 kHz versions of one state labelled alike. */
export const BARS = { cwru_3hp_macro_f1: 0.98, pruned_macro_f1_change: -0.005, resampling_48k_12k_label_agreement: 0.95 };

function graphFile(dir: string, file: string) {
  const content = readFileSync(join(dir, file));
  return { file, sha256: createHash('sha256').update(content).digest('hex'), bytes: statSync(join(dir, file)).size };
}

function git(...args: string[]): string {
  return spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout.trim();
}

interface TrainingReport {
  drift: ModelManifest['drift'];
  parameters: number;
  prunedParameters: number;
  [key: string]: unknown;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { data: { type: 'string', default: join(root, '../shared/datasets') }, version: { type: 'string', default: '1.0.0' } },
  });
  const datasets = resolve(values.data);
  const version = values.version;
  const modelDir = join(root, 'models', NAME, version);
  const cache = DEFAULT_OUTPUT;

  console.log(`[1/4] tensors from ${datasets} -> ${relative(root, cache)}`);
  const data = writeTelemetryDataset(datasets, cache);

  console.log('[2/4] training and export');
  const reportPath = join(cache, 'training-report.json');
  const trained = spawnSync(PYTHON, [join(__dirname, 'train.py'), '--data', cache, '--out', modelDir, '--report', reportPath], { cwd: root, stdio: 'inherit' });
  if (trained.status !== 0) throw new Error(`train.py failed with status ${trained.status}`);
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as TrainingReport;

  console.log('[3/4] metrics with onnxruntime-node on the 3 HP test split');
  const metrics = await evaluateModelDir(modelDir, { datasets });
  console.log(metrics);

  console.log('[4/4] manifest and card');
  const { drift, ...training } = report;
  const manifest = modelManifestSchema.parse({
    name: NAME,
    version,
    description:
      'Bearing state (normal | inner_race | outer_race | ball) and failure risk per 2048-sample window at 12 kHz, from a WDCNN-style 1D-CNN fused with temperature statistics, rpm and a hashed maintenance-log vector through a top-2 of 8 sparse MoE.',
    graph: graphFile(modelDir, 'model.onnx'),
    variants: {
      pruned: { ...graphFile(modelDir, 'model.pruned.onnx'), metrics: { pruned_cwru_3hp_macro_f1: metrics['pruned_cwru_3hp_macro_f1'] as number, parameters: report.prunedParameters } },
    },
    opset: 17,
    featureSpec: TELEMETRY_FEATURE_SPEC,
    inputs: [
      { name: 'vibration', type: 'float32', shape: ['batch', 1, WINDOW_SAMPLES], description: `standardised window at ${MODEL_SAMPLE_RATE_HZ} Hz (buildModelInputs)` },
      { name: 'context', type: 'float32', shape: ['batch', CONTEXT_SIZE], description: 'CONTEXT_FEATURES of @mosaic/telemetry' },
      { name: 'log_features', type: 'float32', shape: ['batch', LOG_FEATURE_SIZE], description: 'hashed character n-grams of the latest maintenance log' },
    ],
    outputs: [
      { name: 'probabilities', type: 'float32', shape: ['batch', FAULT_LABELS.length] },
      { name: 'failure_risk', type: 'float32', shape: ['batch'] },
      { name: 'expert_weights', type: 'float32', shape: ['batch', 2] },
      { name: 'expert_indices', type: 'int64', shape: ['batch', 2] },
    ],
    labels: [...FAULT_LABELS],
    moe: { experts: 8, topK: 2, routerWeightsOutput: 'expert_weights', routerIndicesOutput: 'expert_indices' },
    training: {
      ...training,
      data: {
        source: 'CWRU bearing data, drive-end accelerometer (../shared/datasets/cwru-bearing)',
        train: { loadsHp: [0, 1, 2], ...data.train, healthy: `first ${NORMAL_TRAIN_SHARE * 100}% of Normal_0_48k` },
        test: { loadsHp: [3], ...data.test, healthy: `rest of Normal_0_48k after a ${NORMAL_GAP_SECONDS} s gap` },
        hops: HOP_SAMPLES,
      },
    },
    metrics,
    bars: BARS,
    drift,
  });
  writeFileSync(join(modelDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeModelCard(modelDir, manifest, { date: new Date().toISOString().slice(0, 10), commit: git('rev-parse', '--short', 'HEAD') });
  const below = Object.entries(BARS).filter(([metric, bar]) => !((metrics[metric] ?? Number.NaN) >= bar));
  if (below.length > 0) console.log(`BELOW BAR: ${below.map(([m]) => m).join(', ')} (stated in the card)`);
  console.log(`written ${relative(root, modelDir)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
