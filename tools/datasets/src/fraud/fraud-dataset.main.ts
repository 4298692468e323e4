/**
 * `node -r @swc-node/register tools/datasets/src/fraud/fraud-dataset.main.ts [--data ../shared/datasets]
 *  [--out .cache/datasets/fraud-moe]`: Sparkov and synthetic splits as tensors for the trainer.
 * Splits: sparkov_{train,val,test} and synthetic_{train,val,test} (see fraud-splits.ts for how).
 */
import { resolve } from 'node:path';
import { toModelInputs } from '@mosaic/fraud';
import { type StoredTensor, writeSplit } from '../common/tensor-store';
import { type SplitRow, type Splits, sparkovSplits, syntheticSplits } from './fraud-splits';
import { loadSparkov } from './sparkov.loader';
import { DEFAULT_SYNTHETIC, FRAUD_PATTERNS, generateSyntheticTransactions } from './synthetic-transactions.generator';

const root = resolve(__dirname, '../../../..');
/** Pattern codes stored per row: 0 legitimate, 1 Sparkov fraud, then the synthetic patterns in order. */
export const PATTERN_CODES = ['legitimate', 'sparkov', ...FRAUD_PATTERNS] as const;

export function rowsToTensors(rows: readonly SplitRow[]): Record<string, StoredTensor> {
  const inputs = toModelInputs(rows.map((r) => r.features));
  const tensors: Record<string, StoredTensor> = {};
  for (const [name, input] of Object.entries(inputs)) tensors[name] = { dims: input.dims, data: input.data };
  tensors.label = { dims: [rows.length], data: Float32Array.from(rows, (r) => r.label) };
  tensors.pattern = {
    dims: [rows.length],
    data: Uint8Array.from(rows, (r) => {
      const code = (PATTERN_CODES as readonly string[]).indexOf(r.pattern);
      if (code < 0) throw new Error(`unknown pattern ${r.pattern}`);
      return code;
    }),
  };
  return tensors;
}

function summary(rows: readonly SplitRow[]) {
  const patterns: Record<string, number> = {};
  for (const r of rows) patterns[r.pattern] = (patterns[r.pattern] ?? 0) + 1;
  return { rows: rows.length, frauds: rows.filter((r) => r.label === 1).length, patterns };
}

export function buildFraudDatasets(datasets: string): { sparkov: Splits; synthetic: Splits } {
  return {
    sparkov: sparkovSplits(loadSparkov(datasets)),
    synthetic: syntheticSplits(generateSyntheticTransactions(DEFAULT_SYNTHETIC), DEFAULT_SYNTHETIC.start),
  };
}

function main(): void {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const datasets = resolve(option('data') ?? resolve(root, '../shared/datasets'));
  const out = resolve(option('out') ?? resolve(root, '.cache/datasets/fraud-moe'));
  const built = buildFraudDatasets(datasets);
  const report: Record<string, unknown> = {};
  for (const [source, splits] of Object.entries(built)) {
    for (const [split, rows] of Object.entries(splits)) {
      const name = `${source}_${split}`;
      writeSplit(out, name, rowsToTensors(rows), { ...summary(rows), patternCodes: PATTERN_CODES });
      report[name] = summary(rows);
    }
  }
  console.log(JSON.stringify(report, null, 2));
}

if (require.main === module) main();
