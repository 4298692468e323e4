/**
 * `npm run models:train -- <model> [--data ../shared/datasets] [--no-variants]`: runs the whole chain
 * for one model (TypeScript features and splits, PyTorch training, ONNX export checked against torch,
 * golden outputs, manifest and card), as written in tools/training/<model>/pipeline.ts, then makes and
 * evaluates its dense and quantised variants (tools/scripts/models-variants.ts) and records the
 * metrics of its CI sample again (models:eval --sample N --record, N as the manifest had it), since the
 * pipeline writes a fresh manifest and card. With --no-variants it stops after the pipeline, and the
 * manifest has neither variants nor a CI sample until those two are run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { latestManifests } from './models-eval';

export const PYTHON = '/usr/bin/python3';
const root = resolve(__dirname, '../..');

function checkTorch(): void {
  const probe = spawnSync(
    PYTHON,
    ['-c', "import torch; torch.ones(64,64)@torch.ones(64,64); print(torch.__version__); print(open('/proc/self/maps').read().count('openblas') > 0)"],
    { encoding: 'utf8' },
  );
  if (probe.status !== 0) {
    console.error(`PyTorch is not importable by ${PYTHON}. Run tools/scripts/install-training-deps.sh first.\n${probe.stderr}`);
    process.exit(1);
  }
  const [version, openblas] = probe.stdout.trim().split('\n');
  if (openblas !== 'True') {
    console.error('torch is not using OpenBLAS (the reference BLAS trains ~18x slower). Run tools/scripts/install-training-deps.sh.');
    process.exit(1);
  }
  console.log(`torch ${version} with OpenBLAS`);
}

function main(): void {
  const [model, ...rest] = process.argv.slice(2);
  const models = readdirSync(join(root, 'tools/training')).filter((d) => existsSync(join(root, 'tools/training', d, 'pipeline.ts')));
  if (!model || !models.includes(model)) {
    console.error(`usage: npm run models:train -- <${models.join('|')}> [--data ../shared/datasets] [--no-variants]`);
    process.exit(2);
  }
  checkTorch();
  const pipelineArgs = rest.filter((arg) => arg !== '--no-variants');
  const ciSample = latestManifests().find((m) => m.name === model)?.ciSample?.size;
  const run = (script: string, args: string[]) => spawnSync(process.execPath, ['-r', '@swc-node/register', script, ...args], { stdio: 'inherit', cwd: root }).status ?? 1;
  const trained = run(join(root, 'tools/training', model, 'pipeline.ts'), pipelineArgs);
  if (trained !== 0 || rest.includes('--no-variants')) process.exit(trained);
  const at = rest.indexOf('--data');
  const data = at >= 0 ? ['--data', rest[at + 1] as string] : [];
  const variants = run(join(root, 'tools/scripts/models-variants.ts'), [model, ...data]);
  if (variants !== 0 || ciSample === undefined) process.exit(variants);
  process.exit(run(join(root, 'tools/scripts/models-eval.ts'), ['--model', model, '--sample', String(ciSample), '--record', ...data]));
}

if (require.main === module) main();
