/**
 * `npm run models:densify -- <model> [--version v] [--models-dir dir]`
 *
 * Writes the dense twin of a model (tools/variants/densify.py: every expert computed on every row,
 * then masked by the router's gates) as model.dense.onnx, variant "dense". It must reproduce the fp32
 * graph's outputs on golden.json within 1e-4, or it is removed: the sparse-against-dense benchmark
 * (`npm run bench -- inference`) compares execution, not weights.
 */
import { parseArgs } from 'node:util';
import { writeVariant, type VariantResult } from '../variants/graph-variant';

export function densifyModel(request: { model: string; version?: string; modelsDir?: string }): Promise<VariantResult> {
  return writeVariant({ ...request, variant: 'dense', script: 'densify.py', args: [], maxAbsError: 1e-4 });
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { version: { type: 'string' }, 'models-dir': { type: 'string' } } });
  const model = positionals[0];
  if (!model) {
    console.error('usage: npm run models:densify -- <model> [--version v] [--models-dir dir]');
    process.exit(2);
  }
  const result = await densifyModel({ model, version: values.version, modelsDir: values['models-dir'] });
  console.log(`${model}: wrote ${result.file} (${result.bytes} bytes)`);
  console.log(JSON.stringify(result.metrics, null, 2));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
