import {
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  ServiceUnavailableException,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { APP_CONFIG } from '@mosaic/platform-config';
import { HealthRegistry, RequestValidationException } from '@mosaic/platform-http';
import {
  DeadlineExceededError,
  InputValidationError,
  ModelServer,
  ShutdownError,
  WorkerCrashedError,
  type ModelRef,
  type RowRouting,
} from '@mosaic/moe-inference';
import { Metrics } from '@mosaic/platform-observability';
import { FAULT_LABELS, type ModelInputs } from '@mosaic/telemetry';
import type { TelemetryConfig } from '../config/telemetry.config';

/** The model's answer for every window of one signal, row-major. */
export interface WindowPredictions {
  windows: number;
  labels: readonly string[];
  /** windows x labels.length */
  probabilities: Float32Array;
  failureRisk: Float32Array;
  routing: RowRouting[];
  modelVersion: string;
}

const PROBABILITIES = 'probabilities';
const FAILURE_RISK = 'failure_risk';

/**
 * The process's one ModelServer holding telemetry-cnn-moe: loaded (and checked against its golden
 * outputs) at boot, reported to /health/ready, its metrics merged into /metrics, stopped on shutdown.
 */
@Injectable()
export class TelemetryModelService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TelemetryModelService.name);
  private readonly server: ModelServer;
  private model?: ModelRef;
  private labels: readonly string[] = FAULT_LABELS;

  constructor(
    @Inject(APP_CONFIG) private readonly config: TelemetryConfig,
    health: HealthRegistry,
    metrics: Metrics,
  ) {
    this.server = new ModelServer({
      modelsDir: config.MODELS_DIR,
      workers: config.INFERENCE_WORKERS,
      logger: { info: (details, message) => this.logger.log(details, message), warn: (details, message) => this.logger.warn(details, message) },
    });
    metrics.addRegistry(this.server.registry);
    health.register('models', () => {
      const report = this.server.health();
      if (!report.ready) throw new Error(`model server is ${report.status}`);
    });
  }

  async onModuleInit(): Promise<void> {
    this.model = await this.server.load(this.config.TELEMETRY_MODEL, {
      variant: this.config.TELEMETRY_MODEL_VARIANT,
      batching: { windowMs: 1, maxBatchRows: 256, maxQueue: 4096 },
    });
    const manifest = this.server.repository.manifest(this.model.name, this.model.version);
    const labels = manifest.labels ?? [...FAULT_LABELS];
    if (FAULT_LABELS.some((label, i) => labels[i] !== label)) {
      throw new Error(`${this.version} labels ${labels.join(',')} do not start with ${FAULT_LABELS.join(',')}, which the telemetry features assume`);
    }
    this.labels = labels;
    this.logger.log({ model: this.version, variant: this.model.variant }, 'telemetry model loaded');
  }

  get version(): string {
    return this.model ? `${this.model.name}@${this.model.version}` : this.config.TELEMETRY_MODEL;
  }

  /** One inference call for every window of the signal. Model failures become 503 (retry) or 422/400 (the input). */
  async predict(inputs: ModelInputs, deadlineMs?: number): Promise<WindowPredictions> {
    try {
      const result = await this.server.infer(this.config.TELEMETRY_MODEL, inputs.tensors, { deadlineMs });
      const probabilities = result.outputs[PROBABILITIES];
      const risk = result.outputs[FAILURE_RISK];
      if (!probabilities || !risk) throw new Error(`the model answered without ${PROBABILITIES} or ${FAILURE_RISK}`);
      return {
        windows: inputs.windows,
        labels: this.labels,
        probabilities: Float32Array.from(probabilities.data as Float32Array),
        failureRisk: Float32Array.from(risk.data as Float32Array),
        routing: result.routing,
        modelVersion: `${result.model.name}@${result.model.version}`,
      };
    } catch (error) {
      throw this.translate(error);
    }
  }

  private translate(error: unknown): unknown {
    if (error instanceof InputValidationError) {
      return new RequestValidationException('the signal cannot be fed to the model', [...error.details], HttpStatus.UNPROCESSABLE_ENTITY);
    }
    if (error instanceof DeadlineExceededError || error instanceof WorkerCrashedError || error instanceof ShutdownError) {
      return new ServiceUnavailableException(`the model could not answer (${error.name}); retry shortly`);
    }
    return error;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server.shutdown();
  }
}
