import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '@mosaic/platform-config';
import { HealthRegistry } from '@mosaic/platform-http';
import { DeadlineExceededError, ModelNotFoundError, ModelServer, ShutdownError, WorkerCrashedError } from '@mosaic/moe-inference';
import { Metrics } from '@mosaic/platform-observability';
import { CharVocabulary, createModelTagger, extract, splitTagger, type ExtractionResult, type RunnerTensor, type Tagger, type VocabularyFile } from '@mosaic/records';
import type { RecordsConfig } from '../config/records.config';

/** The model could not answer (crashed worker, deadline, shutdown): the caller may retry; HTTP answers 503. */
export class ModelUnavailableError extends Error {
  override name = 'ModelUnavailableError';
}

const VIEWS = { float32: Float32Array, int64: BigInt64Array, int32: Int32Array, uint8: Uint8Array, bool: Uint8Array } as const;

/**
 * The same tensor over this realm's typed-array class. Outputs arrive from the inference worker
 * threads as the main context's arrays; where code runs in another V8 context (jest's sandbox) the
 * pipeline's `instanceof Float32Array` would refuse them. A view shares the buffer: nothing is copied.
 */
function inThisRealm(tensor: RunnerTensor): RunnerTensor {
  const View = VIEWS[tensor.type];
  const data = tensor.data;
  return data instanceof View ? tensor : { ...tensor, data: new View(data.buffer as ArrayBuffer, data.byteOffset, data.length) as RunnerTensor['data'] };
}

/** How long one call of the tagger may take before the request or job gives up on it. */
const INFERENCE_DEADLINE_MS = 30_000;

/**
 * records-ner-moe behind ModelServer: loaded and verified against its golden file at boot, its
 * readiness on /health/ready and its metrics on /metrics. Everything else reaches the model through
 * extract(), which runs the @mosaic/records pipeline with a tagger over this server.
 */
@Injectable()
export class RecordsModel implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RecordsModel.name);
  private readonly server: ModelServer;
  private tagger?: Tagger;
  private vocabulary?: CharVocabulary;
  private version = '';

  constructor(
    @Inject(APP_CONFIG) private readonly config: RecordsConfig,
    health: HealthRegistry,
    metrics: Metrics,
  ) {
    this.server = new ModelServer({
      modelsDir: config.MODELS_DIR,
      workers: config.RECORDS_MODEL_WORKERS,
      logger: { info: (details, message) => this.logger.log(details, message), warn: (details, message) => this.logger.warn(details, message) },
    });
    metrics.addRegistry(this.server.registry);
    health.register('models', () => {
      const report = this.server.health();
      if (!report.ready) throw new Error(`${this.config.RECORDS_MODEL} is ${report.status}`);
    });
  }

  async onModuleInit(): Promise<void> {
    const name = this.config.RECORDS_MODEL;
    const ref = await this.server.load(name, { version: this.config.RECORDS_MODEL_VERSION, variant: this.config.RECORDS_MODEL_VARIANT });
    const manifest = this.server.repository.manifest(name, ref.version);
    const vocabularyFile = join(this.config.MODELS_DIR, name, ref.version, 'vocab.json');
    this.vocabulary = CharVocabulary.fromJson(JSON.parse(readFileSync(vocabularyFile, 'utf8')) as VocabularyFile);
    const modelTagger = createModelTagger(
      {
        run: async (feeds) => {
          const { outputs } = await this.server.infer(name, feeds, { deadlineMs: INFERENCE_DEADLINE_MS });
          return Object.fromEntries(Object.entries(outputs).map(([output, tensor]) => [output, inThisRealm(tensor as RunnerTensor)]));
        },
      },
      manifest.moe.experts,
    );
    // A document's chunks spread over every inference thread, so one request uses every core it has.
    this.tagger = splitTagger(modelTagger, this.config.RECORDS_MODEL_WORKERS);
    this.version = `${name}@${ref.version}`;
  }

  get modelVersion(): string {
    return this.version;
  }

  /** The contract's extraction of `text`, with the entities and experts behind it. */
  async extract(text: string): Promise<ExtractionResult> {
    if (!this.tagger || !this.vocabulary) throw new ModelUnavailableError(`${this.config.RECORDS_MODEL} is not loaded yet`);
    try {
      return await extract(text, this.tagger, { vocabulary: this.vocabulary, modelVersion: this.version });
    } catch (error) {
      // OverloadError keeps its own name (503 with Retry-After); these mean "not now" as well.
      if ([DeadlineExceededError, WorkerCrashedError, ShutdownError, ModelNotFoundError].some((type) => error instanceof type)) {
        throw new ModelUnavailableError(`${this.config.RECORDS_MODEL} could not answer: ${(error as Error).name}`);
      }
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server.shutdown();
  }
}
