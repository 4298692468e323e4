/**
 * `npm run models:quantize -- <model> [--version v] --bits 4|8 [--block 32] [--per-tensor] [--models-dir dir]`
 *
 * Writes a quantised variant beside the fp32 graph (tools/quantization/quantize.py), checks that it
 * loads and runs in onnxruntime-node, measures how far its outputs move from fp32 on the golden
 * inputs, and lists it in the manifest's `variants` with its size and fidelity:
 *   --bits 8                -> model.int8.onnx              (variant "int8")
 *   --bits 4 --block 32     -> model.int4.onnx              (variant "int4"; another block: "int4-b<block>")
 *   --bits 4 --per-tensor   -> model.int4-per-tensor.onnx   (variant "int4-per-tensor")
 * Task metrics of a variant (AUC, F1...) come from the model's evaluator, not from here.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ModelRepository, OnnxSession, goldenFeeds, parseManifest, type HostTensor, type ModelManifest } from '@mosaic/moe-inference';

const root = resolve(__dirname, '../..');
const PYTHON = '/usr/bin/python3';

export interface QuantizeRequest {
  model: string;
  version?: string;
  bits: 4 | 8;
  block: number;
  perTensor: boolean;
  modelsDir?: string;
}

export interface QuantizeResult {
  variant: string;
  file: string;
  bytes: number;
  metrics: Record<string, number>;
}

export function variantName(request: Pick<QuantizeRequest, 'bits' | 'block' | 'perTensor'>): string {
  if (request.bits === 8) return 'int8';
  if (request.perTensor) return 'int4-per-tensor';
  return request.block === 32 ? 'int4' : `int4-b${request.block}`;
}

function firstFloatOutput(manifest: ModelManifest): string {
  const output = manifest.outputs.find((o) => o.type === 'float32' && o.name !== manifest.moe.routerWeightsOutput);
  if (!output) throw new Error(`${manifest.name} has no float output to compare`);
  return output.name;
}

/** Max |variant - fp32| on the first float output, and the share of rows whose top expert is unchanged. */
async function fidelity(manifest: ModelManifest, fp32: Uint8Array, variant: Uint8Array, feeds: Record<string, HostTensor>): Promise<Record<string, number>> {
  const [reference, quantised] = await Promise.all([OnnxSession.load(fp32), OnnxSession.load(variant)]);
  const [a, b] = [await reference.run(feeds), await quantised.run(feeds)];
  await Promise.all([reference.release(), quantised.release()]);
  const name = firstFloatOutput(manifest);
  const x = a[name]?.data as Float32Array;
  const y = b[name]?.data as Float32Array;
  let maxError = 0;
  for (let i = 0; i < x.length; i++) maxError = Math.max(maxError, Math.abs((x[i] as number) - (y[i] as number)));
  const indices = manifest.moe.routerIndicesOutput;
  const ia = a[indices]?.data as BigInt64Array;
  const ib = b[indices]?.data as BigInt64Array;
  const k = manifest.moe.topK;
  let same = 0;
  for (let r = 0; r < ia.length / k; r++) if (ia[r * k] === ib[r * k]) same++;
  return { goldenMaxAbsError: maxError, top1ExpertAgreement: same / (ia.length / k) };
}

export async function quantizeModel(request: QuantizeRequest): Promise<QuantizeResult> {
  const repository = new ModelRepository(request.modelsDir ?? join(root, 'models'));
  const version = request.version ?? repository.latestVersion(request.model);
  const files = repository.open(request.model, version);
  if (!files.golden) throw new Error(`${request.model}@${version} has no golden.json to check the variant on`);
  const variant = variantName(request);
  const file = `model.${variant}.onnx`;
  const target = join(files.directory, file);
  const args = [join(root, 'tools/quantization/quantize.py'), join(files.directory, files.manifest.graph.file), target, '--bits', String(request.bits), '--block', String(request.block)];
  if (request.perTensor) args.push('--per-tensor');
  const run = spawnSync(PYTHON, args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`quantize.py failed:\n${run.stderr}`);
  const graph = new Uint8Array(readFileSync(target));
  let measured: Record<string, number>;
  try {
    measured = await fidelity(files.manifest, files.graph, graph, goldenFeeds(files.golden));
  } catch (error) {
    rmSync(target);
    throw new Error(`the ${variant} graph does not run in onnxruntime-node, so it was removed: ${(error as Error).message}`);
  }
  const metrics = {
    bits: request.bits,
    blockSize: request.bits === 4 && !request.perTensor ? request.block : 0,
    sizeRatio: graph.byteLength / files.graph.byteLength,
    ...measured,
  };
  const manifestPath = join(files.directory, 'manifest.json');
  const raw = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
  const manifest = parseManifest(raw, manifestPath);
  const entry = { file, sha256: createHash('sha256').update(graph).digest('hex'), bytes: graph.byteLength, metrics };
  raw['variants'] = { ...manifest.variants, [variant]: entry };
  parseManifest(raw, manifestPath);
  writeFileSync(manifestPath, `${JSON.stringify(raw, null, 2)}\n`);
  return { variant, file: target, bytes: graph.byteLength, metrics };
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const model = args[0];
  const bits = Number(option(args, 'bits'));
  if (!model || model.startsWith('--') || (bits !== 4 && bits !== 8)) {
    console.error('usage: npm run models:quantize -- <model> [--version v] --bits 4|8 [--block 32] [--per-tensor] [--models-dir dir]');
    process.exit(2);
  }
  const result = await quantizeModel({
    model,
    version: option(args, 'version'),
    bits,
    block: Number(option(args, 'block') ?? 32),
    perTensor: args.includes('--per-tensor'),
    modelsDir: option(args, 'models-dir'),
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
