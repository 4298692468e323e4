export { OnnxSession, defaultBackendOptions } from './backend/onnx-backend';
export type { HostTensor, TensorType, TensorData, BackendOptions } from './backend/onnx-backend';
export { modelManifestSchema } from './registry/manifest';
export type { ModelManifest, TensorSpec, DriftReference } from './registry/manifest';
export { readGolden, goldenSchema, goldenFeeds, goldenTensor, compareWithGolden, toTypedArray } from './registry/golden';
export type { Golden, GoldenMismatch } from './registry/golden';
