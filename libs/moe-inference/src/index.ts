export { OnnxSession, defaultBackendOptions } from './backend/onnx-backend';
export type { HostTensor, TensorType, TensorData, BackendOptions } from './backend/onnx-backend';
export { modelManifestSchema } from './registry/manifest';
export type { ModelManifest, TensorSpec, DriftReference } from './registry/manifest';
