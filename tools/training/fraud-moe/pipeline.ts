/**
 * `npm run models:train -- fraud-moe [--data ../shared/datasets] [--version 1.0.0]`: the whole chain.
 *   1. tools/datasets/src/fraud (TypeScript, @mosaic/fraud features) -> .cache/datasets/fraud-moe
 *   2. train.py: fused MoE + tabular baseline, Platt calibration, ONNX export checked against torch,
 *      golden.json, manifest.json (sha256 of both graphs, drift references)
 *   3. fraud-moe.eval.ts with onnxruntime-node on the test splits -> manifest metrics and MODEL_CARD.md
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { modelManifestSchema } from '@mosaic/moe-inference';
import { evaluate } from '../../evaluation/fraud-moe.eval';
import { writeModelCard } from './model-card.writer';

const root = resolve(__dirname, '../../..');
const PYTHON = '/usr/bin/python3';

function run(command: string, args: string[]): void {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { data: { type: 'string', default: join(root, '../shared/datasets') }, version: { type: 'string', default: '1.0.0' } },
  });
  const datasets = resolve(values.data);
  const version = values.version;
  const data = join(root, '.cache/datasets/fraud-moe');
  const out = join(root, 'models/fraud-moe', version);
  run(process.execPath, ['-r', '@swc-node/register', 'tools/datasets/src/fraud/fraud-dataset.main.ts', '--data', datasets, '--out', data]);
  run(PYTHON, ['tools/training/fraud-moe/train.py', '--data', data, '--out', out]);

  const metrics = await evaluate({ datasets });
  const manifestPath = join(out, 'manifest.json');
  const manifest = modelManifestSchema.parse(JSON.parse(readFileSync(manifestPath, 'utf8')));
  manifest.metrics = Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, Number(v.toFixed(4))]));
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  writeModelCard(join(out, 'MODEL_CARD.md'), manifest, { commit, date: new Date().toISOString().slice(0, 10) });
  console.log(JSON.stringify(manifest.metrics, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
