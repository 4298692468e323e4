/**
 * Checks every call's feeds against the manifest before ONNX Runtime sees them, so a caller reads
 * "features.dims[1]: expected 32, got 31" instead of an opaque runtime message.
 */
import type { HostTensor, TensorType } from '../backend/onnx-backend';
import { elementCount } from '../backend/host-tensor';
import { InputValidationError, type InputIssue } from '../errors/inference.errors';
import type { ModelManifest, TensorSpec } from './manifest';

const arrayTypes: Record<TensorType, string> = {
  float32: 'Float32Array',
  int64: 'BigInt64Array',
  int32: 'Int32Array',
  uint8: 'Uint8Array',
  bool: 'Uint8Array',
};

/** The symbolic first dimension shared by every input and output, if the model has one: it can batch. */
export function batchAxisSymbol(manifest: ModelManifest): string | undefined {
  const firsts = [...manifest.inputs, ...manifest.outputs].map((t) => t.shape[0]);
  const symbol = firsts[0];
  return typeof symbol === 'string' && firsts.every((d) => d === symbol) ? symbol : undefined;
}

function checkTensor(spec: TensorSpec, tensor: unknown, symbols: Map<string, number>, issues: InputIssue[]): void {
  const path = spec.name;
  if (typeof tensor !== 'object' || tensor === null) {
    issues.push({ path, message: 'expected a tensor {type, dims, data}' });
    return;
  }
  const { type, dims, data } = tensor as Partial<HostTensor>;
  if (type !== spec.type) {
    issues.push({ path, message: `expected type ${spec.type}, got ${String(type)}` });
    return;
  }
  if (!ArrayBuffer.isView(data) || data.constructor.name !== arrayTypes[spec.type]) {
    issues.push({ path, message: `expected data as a ${arrayTypes[spec.type]}` });
    return;
  }
  if (!Array.isArray(dims) || !dims.every((d) => Number.isInteger(d) && d >= 0)) {
    issues.push({ path, message: 'dims must be an array of non-negative integers' });
    return;
  }
  if (dims.length !== spec.shape.length) {
    issues.push({ path, message: `expected rank ${spec.shape.length} [${spec.shape.join(', ')}], got rank ${dims.length} [${dims.join(', ')}]` });
    return;
  }
  spec.shape.forEach((expected, axis) => {
    const got = dims[axis] as number;
    if (typeof expected === 'number') {
      if (got !== expected) issues.push({ path: `${path}.dims[${axis}]`, message: `expected ${expected}, got ${got}` });
      return;
    }
    if (got < 1) issues.push({ path: `${path}.dims[${axis}]`, message: `${expected} must be at least 1, got ${got}` });
    const seen = symbols.get(expected);
    if (seen === undefined) symbols.set(expected, got);
    else if (seen !== got) issues.push({ path: `${path}.dims[${axis}]`, message: `${expected} is ${seen} in another input, got ${got}` });
  });
  const expectedLength = elementCount(dims);
  if (data.length !== expectedLength) {
    issues.push({ path, message: `dims [${dims.join(', ')}] hold ${expectedLength} values, data has ${(data as ArrayLike<unknown>).length}` });
    return;
  }
  if (spec.type === 'float32') {
    const bad = firstNonFinite(data as Float32Array);
    if (bad >= 0) issues.push({ path: `${path}.data[${bad}]`, message: 'must be a finite number (NaN and Infinity are refused)' });
  }
}

/** A plain loop: findIndex's callback per value cost more than some models' run on wide inputs. */
function firstNonFinite(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) {
    // x - x is NaN exactly when x is NaN or infinite.
    if ((values[i] as number) - (values[i] as number) !== 0) return i;
  }
  return -1;
}

/** Throws InputValidationError listing every problem; returns the number of rows (the batch size). */
export function validateInputs(manifest: ModelManifest, feeds: Record<string, unknown>): number {
  const issues: InputIssue[] = [];
  const symbols = new Map<string, number>();
  if (typeof feeds !== 'object' || feeds === null) throw new InputValidationError(manifest.name, [{ path: '', message: 'expected an object of named tensors' }]);
  const known = new Set(manifest.inputs.map((i) => i.name));
  for (const name of Object.keys(feeds)) {
    if (!known.has(name)) issues.push({ path: name, message: `unknown input (expected ${[...known].join(', ')})` });
  }
  for (const spec of manifest.inputs) {
    if (!(spec.name in feeds)) issues.push({ path: spec.name, message: `missing input ${spec.type} [${spec.shape.join(', ')}]` });
    else checkTensor(spec, feeds[spec.name], symbols, issues);
  }
  if (issues.length > 0) throw new InputValidationError(manifest.name, issues);
  const batch = batchAxisSymbol(manifest);
  return batch === undefined ? 1 : (symbols.get(batch) ?? 1);
}
