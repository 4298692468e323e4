/**
 * Writes a variant graph beside a model's fp32 graph through one of the Python transforms in this
 * folder, checks that it runs in onnxruntime-node, measures how far its outputs move from fp32 on the
 * golden inputs, and lists it in the manifest's `variants` with its size and fidelity. Task metrics of
 * a variant (AUC, F1...) come from the model's evaluator (`npm run models:eval -- --variant <name>`).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ModelRepository, OnnxSession, goldenFeeds, parseManifest, type HostTensor, type ModelManifest } from '@mosaic/moe-inference';

const root = resolve(__dirname, '../..');
const PYTHON = '/usr/bin/python3';

export interface VariantRequest {
  model: string;
  version?: string;
  modelsDir?: string;
  /** Variant name in the manifest; the graph is written to model.<variant>.onnx. */
  variant: string;
  /** The Python transform in tools/variants and its arguments after IN.onnx OUT.onnx. */
  script: 'quantize.py' | 'densify.py';
  args: string[];
  /** Metrics to record besides the measured ones (bits, block size...). */
  metrics?: Record<string, number>;
  /** Refuse the variant unless its outputs match fp32 within this (a dense twin must be exact). */
  maxAbsError?: number;
}

export interface VariantResult {
  variant: string;
  file: string;
  bytes: number;
  metrics: Record<string, number>;
}

/** Max |variant - fp32| over every float output, and the share of rows whose top expert is unchanged. */
async function fidelity(manifest: ModelManifest, fp32: Uint8Array, variant: Uint8Array, feeds: Record<string, HostTensor>): Promise<Record<string, number>> {
  const [reference, candidate] = [OnnxSession.open(fp32), OnnxSession.open(variant)];
  const [a, b] = [await reference.run(feeds), await candidate.run(feeds)];
  reference.dispose();
  candidate.dispose();
  let maxError = 0;
  for (const output of manifest.outputs.filter((o) => o.type === 'float32')) {
    const x = a[output.name]?.data as Float32Array;
    const y = b[output.name]?.data as Float32Array;
    for (let i = 0; i < x.length; i++) maxError = Math.max(maxError, Math.abs((x[i] as number) - (y[i] as number)));
  }
  const indices = manifest.moe.routerIndicesOutput;
  const ia = a[indices]?.data as BigInt64Array;
  const ib = b[indices]?.data as BigInt64Array;
  const k = manifest.moe.topK;
  let same = 0;
  for (let r = 0; r < ia.length / k; r++) if (ia[r * k] === ib[r * k]) same++;
  return { goldenMaxAbsError: maxError, top1ExpertAgreement: same / (ia.length / k) };
}

export async function writeVariant(request: VariantRequest): Promise<VariantResult> {
  const repository = new ModelRepository(request.modelsDir ?? join(root, 'models'));
  const version = request.version ?? repository.latestVersion(request.model);
  const files = repository.open(request.model, version);
  if (!files.golden) throw new Error(`${request.model}@${version} has no golden.json to check the variant on`);
  const file = `model.${request.variant}.onnx`;
  const target = join(files.directory, file);
  const run = spawnSync(PYTHON, [join(__dirname, request.script), join(files.directory, files.manifest.graph.file), target, ...request.args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${request.script} failed:\n${run.stderr}`);
  const graph = new Uint8Array(readFileSync(target));
  let measured: Record<string, number>;
  try {
    measured = await fidelity(files.manifest, files.graph, graph, goldenFeeds(files.golden));
  } catch (error) {
    rmSync(target);
    throw new Error(`the ${request.variant} graph does not run in onnxruntime-node, so it was removed: ${(error as Error).message}`);
  }
  if (request.maxAbsError !== undefined && !((measured['goldenMaxAbsError'] as number) <= request.maxAbsError)) {
    rmSync(target);
    throw new Error(`the ${request.variant} graph moves the outputs by ${measured['goldenMaxAbsError']} (allowed ${request.maxAbsError}), so it was removed`);
  }
  const metrics = { ...request.metrics, sizeRatio: graph.byteLength / files.graph.byteLength, ...measured };
  const manifestPath = join(files.directory, 'manifest.json');
  const raw = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
  const manifest = parseManifest(raw, manifestPath);
  const sha256 = createHash('sha256').update(graph).digest('hex');
  // Task metrics recorded earlier (models:variants) still describe the same graph; a new graph drops them.
  const previous = manifest.variants[request.variant];
  const entry = { file, sha256, bytes: graph.byteLength, metrics: previous?.sha256 === sha256 ? { ...previous.metrics, ...metrics } : metrics };
  raw['variants'] = { ...manifest.variants, [request.variant]: entry };
  parseManifest(raw, manifestPath);
  writeFileSync(manifestPath, `${JSON.stringify(raw, null, 2)}\n`);
  return { variant: request.variant, file: target, bytes: graph.byteLength, metrics };
}
