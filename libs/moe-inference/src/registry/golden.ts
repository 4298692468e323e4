/**
 * golden.json: a few rows of inputs and the outputs PyTorch gave for them, written beside every
 * exported graph (tools/training/mosaic_train/export.py). Comparing onnxruntime-node's outputs with
 * them is how an export, a quantised variant or a runtime upgrade proves it computes the same model.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { HostTensor, TensorData, TensorType } from '../backend/onnx-backend';

const goldenTensorSchema = z.object({
  type: z.enum(['float32', 'int64', 'int32', 'uint8', 'bool']),
  dims: z.array(z.number().int().nonnegative()),
  data: z.array(z.number()),
});

export const goldenSchema = z.object({
  tolerance: z.number().positive(),
  inputs: z.record(z.string(), goldenTensorSchema),
  outputs: z.record(z.string(), goldenTensorSchema),
});

export type Golden = z.infer<typeof goldenSchema>;
type GoldenTensor = z.infer<typeof goldenTensorSchema>;

export interface GoldenMismatch {
  output: string;
  message: string;
}

export function readGolden(path: string): Golden {
  const parsed = goldenSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path} is not a valid golden file: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function toTypedArray(type: TensorType, values: readonly number[]): TensorData {
  switch (type) {
    case 'float32':
      return Float32Array.from(values);
    case 'int64':
      return BigInt64Array.from(values, (v) => BigInt(v));
    case 'int32':
      return Int32Array.from(values);
    case 'uint8':
    case 'bool':
      return Uint8Array.from(values);
  }
}

export function goldenTensor(tensor: GoldenTensor): HostTensor {
  return { type: tensor.type, dims: tensor.dims, data: toTypedArray(tensor.type, tensor.data) };
}

export function goldenFeeds(golden: Golden): Record<string, HostTensor> {
  return Object.fromEntries(Object.entries(golden.inputs).map(([name, t]) => [name, goldenTensor(t)]));
}

/**
 * Every golden output must be present with the same dims; floats must agree within the tolerance
 * (absolute, or relative for values above 1), integers (expert indices, labels) exactly.
 */
export function compareWithGolden(golden: Golden, outputs: Record<string, HostTensor>): GoldenMismatch[] {
  const mismatches: GoldenMismatch[] = [];
  for (const [name, expected] of Object.entries(golden.outputs)) {
    const actual = outputs[name];
    if (!actual) {
      mismatches.push({ output: name, message: `missing (the graph returned ${Object.keys(outputs).join(', ')})` });
      continue;
    }
    if (actual.dims.join('x') !== expected.dims.join('x')) {
      mismatches.push({ output: name, message: `dims ${actual.dims.join('x')}, expected ${expected.dims.join('x')}` });
      continue;
    }
    const exact = expected.type !== 'float32';
    let worst = 0;
    let worstAt = -1;
    for (let i = 0; i < expected.data.length; i++) {
      const want = expected.data[i] as number;
      const got = Number(actual.data[i]);
      const error = Math.abs(got - want) / Math.max(1, Math.abs(want));
      if (Number.isNaN(got) || error > worst) {
        worst = Number.isNaN(got) ? Number.POSITIVE_INFINITY : error;
        worstAt = i;
      }
    }
    if (exact ? worst > 0 : worst > golden.tolerance) {
      const want = expected.data[worstAt] as number;
      const got = Number(actual.data[worstAt]);
      mismatches.push({ output: name, message: `element ${worstAt}: ${got}, expected ${want} (error ${worst.toExponential(2)}, tolerance ${exact ? 0 : golden.tolerance})` });
    }
  }
  return mismatches;
}
