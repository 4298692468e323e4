/**
 * `npm run models:densify -- <model> [--version v] [--models-dir dir]`
 *
 * Writes the dense twin of a model (tools/variants/densify.py: every expert computed on every row,
 * then masked by the router's gates) as model.dense.onnx, variant "dense". It must reproduce the fp32
 * graph's outputs on golden.json within 1e-4, or it is removed: the sparse-against-dense benchmark
 * (`npm run bench -- inference`) compares execution, not weights.
 */
import { option, runCli, writeVariant } from '../variants/graph-variant';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const model = args[0];
  if (!model || model.startsWith('--')) {
    console.error('usage: npm run models:densify -- <model> [--version v] [--models-dir dir]');
    process.exit(2);
  }
  const result = await writeVariant({
    model,
    version: option(args, 'version'),
    modelsDir: option(args, 'models-dir'),
    variant: 'dense',
    script: 'densify.py',
    args: [],
    maxAbsError: 1e-4,
  });
  console.log(`${model}: wrote ${result.file} (${result.bytes} bytes)`);
  console.log(JSON.stringify(result.metrics, null, 2));
}

runCli(main);
