/**
 * Every failure the library reports is one of these, so a service maps them to HTTP once:
 * InputValidationError -> 400 (with details), ModelNotFoundError -> 404 or 503, OverloadError and
 * ShutdownError -> 503 with Retry-After, DeadlineExceededError -> 504, the rest -> 500.
 */
export abstract class InferenceError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export interface InputIssue {
  /** The input tensor (and dimension) at fault, e.g. "features" or "features.dims[1]". */
  path: string;
  message: string;
}

export class InputValidationError extends InferenceError {
  readonly code = 'invalid_input';

  constructor(
    readonly model: string,
    readonly details: readonly InputIssue[],
  ) {
    super(`invalid input for ${model}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`);
  }
}

export class ManifestError extends InferenceError {
  readonly code = 'invalid_manifest';
}

/** The graph on disk is not the one the manifest describes: refused before ONNX Runtime parses it. */
export class IntegrityError extends InferenceError {
  readonly code = 'integrity';
}

export class ModelNotFoundError extends InferenceError {
  readonly code = 'model_not_found';
}

export class ModelLoadError extends InferenceError {
  readonly code = 'model_load_failed';
}

/** The queue for a model is full; callers should back off for retryAfterSeconds (503 + Retry-After). */
export class OverloadError extends InferenceError {
  readonly code = 'overloaded';

  constructor(
    readonly model: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`${model} is overloaded: its queue is full; retry after ${retryAfterSeconds}s`);
  }
}

export class DeadlineExceededError extends InferenceError {
  readonly code = 'deadline_exceeded';

  constructor(
    readonly model: string,
    readonly deadlineMs: number,
  ) {
    super(`${model} did not answer within its ${deadlineMs} ms deadline`);
  }
}

/** The worker thread running the call died; the pool has replaced it and the call may be retried. */
export class WorkerCrashedError extends InferenceError {
  readonly code = 'worker_crashed';
}

export class InferenceRuntimeError extends InferenceError {
  readonly code = 'runtime_error';
}

export class ShutdownError extends InferenceError {
  readonly code = 'shutting_down';
}
