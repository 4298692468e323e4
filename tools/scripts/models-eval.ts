/**
 * `npm run models:eval [-- --sample N] [--model name] [--data ../shared/datasets]`: recomputes every
 * committed model's metrics with onnxruntime-node on its test split, prints one table, and exits
 * non-zero when a metric falls below the bar its manifest (and card) states.
 * `--sample N --record` writes the metrics of a fixed N-item sample into each manifest;
 * `--check-samples` re-evaluates those samples and fails on any metric below its record (CI).
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
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

/** The manifest file of the newest version of every model under models/. */
export function latestManifestFiles(): string[] {
  const modelsDir = join(root, 'models');
  if (!existsSync(modelsDir)) return [];
  return readdirSync(modelsDir).flatMap((name) => {
    const versions = readdirSync(join(modelsDir, name))
      .filter((v) => existsSync(join(modelsDir, name, v, 'manifest.json')))
      .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    const latest = versions.at(-1);
    return latest ? [join(modelsDir, name, latest, 'manifest.json')] : [];
  });
}

export function latestManifests(): ModelManifest[] {
  return latestManifestFiles().map((file) => modelManifestSchema.parse(JSON.parse(readFileSync(file, 'utf8'))));
}

export async function evaluatorFor(model: string): Promise<Evaluate> {
  const evaluatorPath = join(root, 'tools/evaluation', `${model}.eval.ts`);
  if (!existsSync(evaluatorPath)) throw new Error(`${model} has no evaluator at tools/evaluation/${model}.eval.ts`);
  return ((await import(evaluatorPath)) as { evaluate: Evaluate }).evaluate;
}

/** Evaluates each model on its fixed CI sample and writes the result into its manifest as `ciSample`. */
async function recordSamples(datasets: string, size: number, only?: string): Promise<void> {
  for (const file of latestManifestFiles()) {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as ModelManifest;
    if (only && raw.name !== only) continue;
    const metrics = await (await evaluatorFor(raw.name))({ datasets, sample: size });
    raw.ciSample = { size, metrics };
    writeFileSync(file, `${JSON.stringify(raw, null, 2)}\n`);
    console.log(`${raw.name}: recorded the ${size}-item CI sample's metrics in ${file}`);
  }
}

/** Tolerance for a re-run of the same sample: thread scheduling can move a float by a hair, never a metric by this much. */
const SAMPLE_TOLERANCE = 0.002;

/** Re-evaluates every model's recorded CI sample; rows fail when a metric falls below its record. */
async function checkSamples(datasets: string, only?: string): Promise<EvaluatedMetric[]> {
  const rows: EvaluatedMetric[] = [];
  for (const manifest of latestManifests()) {
    if (only && manifest.name !== only) continue;
    if (!manifest.ciSample) throw new Error(`${manifest.name} has no recorded CI sample: run npm run models:eval -- --model ${manifest.name} --sample N --record`);
    const metrics = await (await evaluatorFor(manifest.name))({ datasets, sample: manifest.ciSample.size });
    for (const [metric, recorded] of Object.entries(manifest.ciSample.metrics)) {
      const value = metrics[metric] ?? Number.NaN;
      rows.push({ model: manifest.name, metric, value, bar: recorded, ok: value >= recorded - SAMPLE_TOLERANCE });
    }
  }
  return rows;
}

export async function evaluateModels(options: { datasets: string; sample?: number; only?: string }): Promise<EvaluatedMetric[]> {
  const rows: EvaluatedMetric[] = [];
  for (const manifest of latestManifests()) {
    if (options.only && manifest.name !== options.only) continue;
    const metrics = await (await evaluatorFor(manifest.name))({ datasets: options.datasets, sample: options.sample });
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
  const { values } = parseArgs({
    options: {
      sample: { type: 'string' },
      data: { type: 'string', default: join(root, '../shared/datasets') },
      model: { type: 'string' },
      record: { type: 'boolean', default: false },
      'check-samples': { type: 'boolean', default: false },
    },
  });
  const { sample, model } = values;
  const datasets = resolve(values.data);
  if (values.record) {
    if (!sample) throw new Error('--record needs --sample N');
    await recordSamples(datasets, Number(sample), model);
    return;
  }
  const rows = values['check-samples']
    ? await checkSamples(datasets, model)
    : await evaluateModels({ datasets, sample: sample ? Number(sample) : undefined, only: model });
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  console.log(line(['model', 'metric', 'value', values['check-samples'] ? 'record' : 'bar', '']));
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
