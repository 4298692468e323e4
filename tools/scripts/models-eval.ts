/**
 * `npm run models:eval [-- --sample N] [--model name] [--data ../shared/datasets]`: recomputes every
 * committed model's metrics with onnxruntime-node on its test split, prints one table, and exits
 * non-zero when a metric falls below the bar its manifest (and card) states.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { modelManifestSchema, type ModelManifest } from '@mosaic/moe-inference';
import type { Evaluate } from '../evaluation/evaluator';

const root = resolve(__dirname, '../..');

export interface EvaluatedMetric {
  model: string;
  metric: string;
  value: number;
  bar?: number;
  ok: boolean;
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

export function latestManifests(): ModelManifest[] {
  const modelsDir = join(root, 'models');
  if (!existsSync(modelsDir)) return [];
  return readdirSync(modelsDir).flatMap((name) => {
    const versions = readdirSync(join(modelsDir, name))
      .filter((v) => existsSync(join(modelsDir, name, v, 'manifest.json')))
      .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    const latest = versions.at(-1);
    return latest ? [modelManifestSchema.parse(JSON.parse(readFileSync(join(modelsDir, name, latest, 'manifest.json'), 'utf8')))] : [];
  });
}

export async function evaluateModels(options: { datasets: string; sample?: number; only?: string }): Promise<EvaluatedMetric[]> {
  const rows: EvaluatedMetric[] = [];
  for (const manifest of latestManifests()) {
    if (options.only && manifest.name !== options.only) continue;
    const evaluatorPath = join(root, 'tools/evaluation', `${manifest.name}.eval.ts`);
    if (!existsSync(evaluatorPath)) throw new Error(`${manifest.name} has no evaluator at tools/evaluation/${manifest.name}.eval.ts`);
    const { evaluate } = (await import(evaluatorPath)) as { evaluate: Evaluate };
    const metrics = await evaluate({ datasets: options.datasets, sample: options.sample });
    const names = new Set([...Object.keys(metrics), ...Object.keys(manifest.bars)]);
    for (const metric of names) {
      const value = metrics[metric] ?? Number.NaN;
      const bar = manifest.bars[metric];
      rows.push({ model: manifest.name, metric, value, bar, ok: bar === undefined || value >= bar });
    }
  }
  return rows;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const sample = option(args, 'sample');
  const rows = await evaluateModels({
    datasets: resolve(option(args, 'data') ?? join(root, '../shared/datasets')),
    sample: sample ? Number(sample) : undefined,
    only: option(args, 'model'),
  });
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  console.log(line(['model', 'metric', 'value', 'bar', '']));
  console.log(line(['---', '---', '---:', '---:', '---']));
  for (const r of rows) {
    console.log(line([r.model, r.metric, r.value.toFixed(4), r.bar === undefined ? '' : `>= ${r.bar}`, r.ok ? 'ok' : 'BELOW BAR']));
  }
  if (rows.some((r) => !r.ok)) process.exit(1);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
