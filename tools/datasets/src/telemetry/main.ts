/**
 * `node -r @swc-node/register tools/datasets/src/telemetry/main.ts [--data ../shared/datasets] [--out .cache/datasets/telemetry-cnn-moe]`
 * Writes the telemetry-cnn-moe train (0-2 HP) and test (3 HP) splits from the CWRU bearing files.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeSplit } from '../common/tensor-store';
import { loadCwru } from './cwru.loader';
import { buildTelemetrySplit, type TelemetrySplit } from './telemetry-dataset.builder';

const root = resolve(__dirname, '../../../..');

export const DEFAULT_OUTPUT = join(root, '.cache/datasets/telemetry-cnn-moe');

export function writeTelemetryDataset(datasetsDir: string, outDir: string): Record<TelemetrySplit, Record<string, unknown>> {
  const recordings = loadCwru(datasetsDir);
  const summary = {} as Record<TelemetrySplit, Record<string, unknown>>;
  for (const split of ['train', 'test'] as const) {
    const { tensors, meta } = buildTelemetrySplit(recordings, split);
    writeSplit(outDir, split, tensors, meta);
    summary[split] = { windows: meta['windows'], perClass: meta['perClass'], recordings: meta['recordings'] };
  }
  return summary;
}

if (require.main === module) {
  const { values } = parseArgs({ options: { data: { type: 'string', default: join(root, '../shared/datasets') }, out: { type: 'string', default: DEFAULT_OUTPUT } } });
  const datasets = resolve(values.data);
  const out = resolve(values.out);
  const summary = writeTelemetryDataset(datasets, out);
  for (const [split, s] of Object.entries(summary)) console.log(`${split}: ${String(s['windows'])} windows ${JSON.stringify(s['perClass'])}`);
  console.log(`written to ${out}`);
}
