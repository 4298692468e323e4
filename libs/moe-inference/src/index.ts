export { ModelServer } from './serving/model-server';
export type {
  ModelServerOptions,
  LoadOptions,
  TargetOptions,
  HealthReport,
  ModelHealth,
  ModelStatus,
  InferenceLogger,
} from './serving/model-server';
export type { InferenceResult, InferOptions, ModelRef } from './serving/loaded-model';
export type { RowRouting, ExpertSnapshot } from './moe/expert-stats';
export type { DriftStatus } from './drift/drift-monitor';
export type { BatchingOptions } from './batching/dynamic-batcher';
export type { CacheOptions } from './cache/result-cache';
export {
  InferenceError,
  InputValidationError,
  ManifestError,
  IntegrityError,
  ModelNotFoundError,
  ModelLoadError,
  OverloadError,
  DeadlineExceededError,
  WorkerCrashedError,
  InferenceRuntimeError,
  ShutdownError,
} from './errors/inference.errors';
export type { InputIssue } from './errors/inference.errors';
export { ModelRepository, parseManifest } from './registry/model-repository';
export { OnnxSession, defaultBackendOptions } from './backend/onnx-backend';
export type { HostTensor, TensorType, TensorData, BackendOptions } from './backend/onnx-backend';
export { modelManifestSchema } from './registry/manifest';
export type { ModelManifest, TensorSpec, DriftReference } from './registry/manifest';
export { readGolden, goldenSchema, goldenFeeds, goldenTensor, compareWithGolden, toTypedArray } from './registry/golden';
export type { Golden, GoldenMismatch } from './registry/golden';
