import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '@mosaic/platform-config';
import { HealthRegistry } from '@mosaic/platform-http';
import { Metrics } from '@mosaic/platform-observability';
import { InferenceError, ModelServer, type HostTensor, type ModelRef, type RowRouting } from '@mosaic/moe-inference';
import { type FraudFeatures, type ModelInputs, toModelInputs } from '@mosaic/fraud';
import type { FraudConfig } from '../config/fraud.config';

/** Inference could not answer now (overloaded, deadline, worker crash, shutting down): 503 + Retry-After by name. */
export class ModelUnavailableError extends Error {
  override name = 'ModelUnavailableError';
}

export interface ModelScores {
  /** `fraud-moe@1.0.0` (with `/int8` for a variant). */
  modelVersion: string;
  scores: Float32Array;
  routing: RowRouting[];
}

/** Failures that pass (a full queue, a slow or crashed worker, a restart): the caller may retry. */
const TRANSIENT = new Set(['overloaded', 'deadline_exceeded', 'worker_crashed', 'shutting_down', 'model_not_found']);

function describe(ref: ModelRef): string {
  return `${ref.name}@${ref.version}${ref.variant === 'fp32' ? '' : `/${ref.variant}`}`;
}

function parseTarget(target: string): { version: string; variant?: string } {
  const [version, variant] = target.split('/');
  return { version: version as string, variant };
}

/**
 * The fraud model for this process: the version that decides and, when configured, a shadow version
 * that scores the same rows without deciding. Loads at boot (a missing or corrupt model stops the
 * boot), reports to /health/ready and /metrics, and stops its workers on shutdown.
 */
@Injectable()
export class FraudModelService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(FraudModelService.name);
  private readonly server: ModelServer;
  private primary: ModelRef | null = null;
  private shadowRef: ModelRef | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: FraudConfig,
    private readonly health: HealthRegistry,
    private readonly metrics: Metrics,
  ) {
    this.server = new ModelServer({
      modelsDir: config.MODELS_DIR,
      workers: config.FRAUD_INFERENCE_WORKERS,
      workerNiceness: config.FRAUD_INFERENCE_NICENESS,
      logger: { info: (details, message) => this.logger.log(details, message), warn: (details, message) => this.logger.warn(details, message) },
    });
  }

  async onModuleInit(): Promise<void> {
    const name = this.config.FRAUD_MODEL_NAME;
    const wanted = this.config.FRAUD_MODEL_VERSION ? parseTarget(this.config.FRAUD_MODEL_VERSION) : {};
    const batching = { windowMs: this.config.FRAUD_INFERENCE_BATCH_WINDOW_MS };
    this.primary = await this.server.load(name, { ...wanted, activate: true, batching });
    if (this.config.FRAUD_SHADOW_MODEL) {
      this.shadowRef = await this.server.load(name, { ...parseTarget(this.config.FRAUD_SHADOW_MODEL), activate: false, batching });
    }
    this.health.register('models', () => {
      const report = this.server.health();
      if (!report.ready) throw new Error(`fraud model ${report.status}`);
    });
    this.metrics.addRegistry(this.server.registry);
    this.logger.log({ model: this.modelVersion, shadow: this.shadowVersion }, 'fraud model ready');
  }

  get modelVersion(): string {
    if (!this.primary) throw new ModelUnavailableError('the fraud model is not loaded yet');
    return describe(this.primary);
  }

  get shadowVersion(): string | null {
    return this.shadowRef ? describe(this.shadowRef) : null;
  }

  /** Scores stacked rows in one call (they are batched with other callers' rows by the library). */
  async score(inputs: ModelInputs): Promise<ModelScores> {
    if (!this.primary) throw new ModelUnavailableError('the fraud model is not loaded yet');
    return this.run(inputs, this.primary);
  }

  /** The shadow version's scores for the same rows, or null when no shadow is configured. */
  async shadow(rows: readonly FraudFeatures[]): Promise<ModelScores | null> {
    return this.shadowRef ? this.run(toModelInputs(rows), this.shadowRef) : null;
  }

  private async run(inputs: ModelInputs, ref: ModelRef): Promise<ModelScores> {
    const feeds = inputs as unknown as Record<string, HostTensor>;
    try {
      const result = await this.server.infer(ref.name, feeds, {
        version: ref.version,
        variant: ref.variant,
        deadlineMs: this.config.FRAUD_INFERENCE_DEADLINE_MS,
      });
      const score = result.outputs['score'];
      if (!score) throw new ModelUnavailableError(`${describe(ref)} has no "score" output`);
      return { modelVersion: describe(result.model), scores: Float32Array.from(score.data as Float32Array), routing: result.routing };
    } catch (error) {
      // Anything else (invalid inputs built by our own feature code, a runtime failure) is a bug: 500.
      if (error instanceof InferenceError && TRANSIENT.has(error.code)) {
        throw new ModelUnavailableError(`fraud scoring is unavailable: ${error.message}`);
      }
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server.shutdown();
  }
}
