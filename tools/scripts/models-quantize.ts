/**
 * `npm run models:quantize -- <model> [--version v] --bits 4|8 [--block 32] [--per-tensor] [--models-dir dir]`
 *
 * Writes a quantised variant beside the fp32 graph (tools/variants/quantize.py) and lists it in the
 * manifest with its size and fidelity (tools/variants/graph-variant.ts):
 *   --bits 8                -> model.int8.onnx              (variant "int8")
 *   --bits 4 --block 32     -> model.int4.onnx              (variant "int4"; another block: "int4-b<block>")
 *   --bits 4 --per-tensor   -> model.int4-per-tensor.onnx   (variant "int4-per-tensor")
 */
import { parseArgs } from 'node:util';
import { writeVariant, type VariantResult } from '../variants/graph-variant';

export interface QuantizeRequest {
  model: string;
  version?: string;
  bits: 4 | 8;
  block: number;
  perTensor: boolean;
  modelsDir?: string;
}

export function variantName(request: Pick<QuantizeRequest, 'bits' | 'block' | 'perTensor'>): string {
  if (request.bits === 8) return 'int8';
  if (request.perTensor) return 'int4-per-tensor';
  return request.block === 32 ? 'int4' : `int4-b${request.block}`;
}

export function quantizeModel(request: QuantizeRequest): Promise<VariantResult> {
  return writeVariant({
    model: request.model,
    version: request.version,
    modelsDir: request.modelsDir,
    variant: variantName(request),
    script: 'quantize.py',
    args: ['--bits', String(request.bits), '--block', String(request.block), ...(request.perTensor ? ['--per-tensor'] : [])],
    metrics: { bits: request.bits, blockSize: request.bits === 4 && !request.perTensor ? request.block : 0 },
  });
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      version: { type: 'string' },
      bits: { type: 'string' },
      block: { type: 'string', default: '32' },
      'per-tensor': { type: 'boolean', default: false },
      'models-dir': { type: 'string' },
    },
  });
  const model = positionals[0];
  const bits = Number(values.bits);
  if (!model || (bits !== 4 && bits !== 8)) {
    console.error('usage: npm run models:quantize -- <model> [--version v] --bits 4|8 [--block 32] [--per-tensor] [--models-dir dir]');
    process.exit(2);
  }
  const result = await quantizeModel({
    model,
    version: values.version,
    bits,
    block: Number(values.block),
    perTensor: values['per-tensor'],
    modelsDir: values['models-dir'],
  });
  console.log(`${model}: wrote ${result.file} (${result.bytes} bytes)`);
  console.log(JSON.stringify(result.metrics, null, 2));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
