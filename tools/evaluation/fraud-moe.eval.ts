/**
 * fraud-moe on its test splits, with onnxruntime-node (through @mosaic/moe-inference) and the features
 * of @mosaic/fraud, recomputed from the raw data: the Sparkov time split, the synthetic multimodal
 * split, and the fused model against the tabular-only baseline (model.tabular.onnx) on the patterns
 * that only the memo or the device reveals. `sample` takes a fixed, seeded, class-stratified sample.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type FraudFeatures, type ModelInputs, toModelInputs, SeededRandom } from '@mosaic/fraud';
import { type HostTensor, OnnxSession } from '@mosaic/moe-inference';
import { graphFile, type Evaluate, type Evaluation } from './evaluator';
import { type SplitRow, sparkovSplits, syntheticSplits } from '../datasets/src/fraud/fraud-splits';
import { loadSparkov } from '../datasets/src/fraud/sparkov.loader';
import { DEFAULT_SYNTHETIC, MEMO_OR_DEVICE_ONLY, generateSyntheticTransactions } from '../datasets/src/fraud/synthetic-transactions.generator';

const modelDir = resolve(__dirname, '../../models/fraud-moe');
const BATCH = 1024;
const BOOTSTRAP = 300;

export function latestVersionDir(): string {
  const versions = readdirSync(modelDir)
    .filter((v) => existsSync(join(modelDir, v, 'manifest.json')))
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const latest = versions.at(-1);
  if (!latest) throw new Error(`no fraud-moe version under ${modelDir}`);
  return join(modelDir, latest);
}

export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const order = Array.from(scores, (s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Float64Array(order.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]?.[0] === order[i]?.[0]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]?.[1] ?? 0] = (i + j) / 2 + 1;
    i = j + 1;
  }
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) {
      positives++;
      rankSum += ranks[i] ?? 0;
    }
  }
  const negatives = labels.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Step-wise PR-AUC over distinct thresholds (average precision), as the trainer computes it. */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const order = Array.from(scores, (s, i) => [s, labels[i] ?? 0] as const).sort((a, b) => b[0] - a[0]);
  const positives = order.reduce((n, [, y]) => n + y, 0);
  let tp = 0;
  let seen = 0;
  let previousRecall = 0;
  let ap = 0;
  for (let i = 0; i < order.length; i++) {
    tp += order[i]?.[1] ?? 0;
    seen++;
    if (i + 1 < order.length && order[i + 1]?.[0] === order[i]?.[0]) continue;
    const recall = tp / positives;
    ap += (recall - previousRecall) * (tp / seen);
    previousRecall = recall;
  }
  return ap;
}

/** The 2.5th percentile of a metric over bootstrap resamples of the test rows (a one-sided 95% lower bound). */
function lowerBound(metric: (y: number[], s: number[]) => number, labels: number[], scores: number[]): number {
  const random = new SeededRandom(99);
  const values: number[] = [];
  for (let b = 0; b < BOOTSTRAP; b++) {
    const y: number[] = [];
    const s: number[] = [];
    for (let i = 0; i < labels.length; i++) {
      const k = random.int(0, labels.length);
      y.push(labels[k] ?? 0);
      s.push(scores[k] ?? 0);
    }
    if (y.some((v) => v === 1) && y.some((v) => v === 0)) values.push(metric(y, s));
  }
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length * 0.025)] ?? Number.NaN;
}

/** A fixed, seeded sample that keeps both classes (frauds at least a fifth of it when there are enough). */
function sampleRows(rows: SplitRow[], size: number | undefined): SplitRow[] {
  if (size === undefined || size >= rows.length) return rows;
  const random = new SeededRandom(2026);
  const shuffle = (list: SplitRow[]) => list.map((r) => [random.next(), r] as const).sort((a, b) => a[0] - b[0]).map(([, r]) => r);
  const frauds = shuffle(rows.filter((r) => r.label === 1));
  const legit = shuffle(rows.filter((r) => r.label === 0));
  const fraudShare = Math.max(frauds.length / rows.length, 0.2);
  const takeFrauds = Math.min(frauds.length, Math.round(size * fraudShare));
  return [...frauds.slice(0, takeFrauds), ...legit.slice(0, size - takeFrauds)];
}

/** The tabular-only view: memo and device reported missing. */
function withoutMemoAndDevice(inputs: ModelInputs): ModelInputs {
  const zeros = (t: ModelInputs['memo']) => ({ ...t, data: new Float32Array(t.data.length) }) as ModelInputs['memo'];
  return { ...inputs, memo: zeros(inputs.memo), memo_mask: zeros(inputs.memo_mask), device: zeros(inputs.device), device_mask: zeros(inputs.device_mask) };
}

async function score(session: OnnxSession, features: FraudFeatures[], tabularView: boolean): Promise<number[]> {
  const scores: number[] = [];
  for (let start = 0; start < features.length; start += BATCH) {
    let inputs = toModelInputs(features.slice(start, start + BATCH));
    if (tabularView) inputs = withoutMemoAndDevice(inputs);
    const outputs = await session.run(inputs as Record<string, HostTensor>);
    const out = outputs.score;
    if (!out) throw new Error('the graph has no "score" output');
    scores.push(...Array.from(out.data as Float32Array));
  }
  return scores;
}

export const evaluate: Evaluate = async ({ datasets, sample, variant }) => {
  const dir = latestVersionDir();
  const fused = OnnxSession.open(join(dir, graphFile(variant)));
  const tabular = OnnxSession.open(join(dir, 'model.tabular.onnx'));
  try {
    const sparkov = sampleRows(sparkovSplits(loadSparkov(datasets)).test, sample);
    const synthetic = sampleRows(syntheticSplits(generateSyntheticTransactions(DEFAULT_SYNTHETIC), DEFAULT_SYNTHETIC.start).test, sample);
    const result: Evaluation = {};

    const sparkovLabels = sparkov.map((r) => r.label as number);
    const sparkovScores = await score(fused, sparkov.map((r) => r.features), false);
    result.sparkov_test_roc_auc = rocAuc(sparkovLabels, sparkovScores);
    result.sparkov_test_pr_auc = averagePrecision(sparkovLabels, sparkovScores);
    result.sparkov_test_roc_auc_lower95 = lowerBound(rocAuc, sparkovLabels, sparkovScores);
    result.sparkov_test_pr_auc_lower95 = lowerBound(averagePrecision, sparkovLabels, sparkovScores);

    const labels = synthetic.map((r) => r.label as number);
    const features = synthetic.map((r) => r.features);
    const fusedScores = await score(fused, features, false);
    const tabularScores = await score(tabular, features, true);
    result.synthetic_test_roc_auc = rocAuc(labels, fusedScores);
    result.synthetic_test_pr_auc = averagePrecision(labels, fusedScores);
    result.synthetic_test_pr_auc_lower95 = lowerBound(averagePrecision, labels, fusedScores);
    result.synthetic_test_tabular_pr_auc = averagePrecision(labels, tabularScores);

    const onlyMemoOrDevice = synthetic.map((r) => r.pattern === 'legitimate' || (MEMO_OR_DEVICE_ONLY as readonly string[]).includes(r.pattern));
    const pick = <T>(values: T[]) => values.filter((_, i) => onlyMemoOrDevice[i]);
    result.memo_device_only_pr_auc_fused = averagePrecision(pick(labels), pick(fusedScores));
    result.memo_device_only_pr_auc_tabular = averagePrecision(pick(labels), pick(tabularScores));
    result.memo_device_only_pr_auc_gain = result.memo_device_only_pr_auc_fused - result.memo_device_only_pr_auc_tabular;
    return result;
  } finally {
    fused.dispose();
    tabular.dispose();
  }
};
