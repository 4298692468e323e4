import type { FraudFeatures } from './fused-features.builder';
import { BEHAVIOUR_FEATURES, CATEGORICAL_FEATURES, DEVICE_FEATURES, type InputName, TRANSACTION_FEATURES } from './feature-spec.constants';
import { MEMO_DIM } from './memo-text.hasher';

/** A row-major tensor in the shape @mosaic/moe-inference's HostTensor takes (this lib does not depend on it). */
export type ModelInput =
  | { type: 'float32'; dims: number[]; data: Float32Array }
  | { type: 'int64'; dims: number[]; data: BigInt64Array };

export type ModelInputs = Record<InputName, ModelInput>;

type FloatField = Exclude<keyof FraudFeatures, 'categorical' | 'facts'>;

const FLOAT_INPUTS: ReadonlyArray<[InputName, FloatField, number]> = [
  ['transaction', 'transaction', TRANSACTION_FEATURES.length],
  ['transaction_mask', 'transactionMask', TRANSACTION_FEATURES.length],
  ['behaviour', 'behaviour', BEHAVIOUR_FEATURES.length],
  ['behaviour_mask', 'behaviourMask', BEHAVIOUR_FEATURES.length],
  ['categorical_mask', 'categoricalMask', CATEGORICAL_FEATURES.length],
  ['memo', 'memo', MEMO_DIM],
  ['memo_mask', 'memoMask', 1],
  ['device', 'device', DEVICE_FEATURES.length],
  ['device_mask', 'deviceMask', DEVICE_FEATURES.length],
];

/** Stacks rows into the graph's inputs: [batch, width] per modality, categorical ids as int64. */
export function toModelInputs(rows: readonly FraudFeatures[]): ModelInputs {
  const batch = rows.length;
  const inputs: Partial<ModelInputs> = {};
  for (const [name, field, width] of FLOAT_INPUTS) {
    const data = new Float32Array(batch * width);
    rows.forEach((row, i) => data.set(row[field], i * width));
    inputs[name] = { type: 'float32', dims: [batch, width], data };
  }
  const width = CATEGORICAL_FEATURES.length;
  const ids = new BigInt64Array(batch * width);
  rows.forEach((row, i) => row.categorical.forEach((id, j) => (ids[i * width + j] = BigInt(id))));
  inputs.categorical = { type: 'int64', dims: [batch, width], data: ids };
  return inputs as ModelInputs;
}
