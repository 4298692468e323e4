import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@mosaic/platform-config';
import { QueueProducer } from '@mosaic/platform-messaging';
import { InvalidTelemetryError, buildModelInputs, trackAssetRisk } from '@mosaic/telemetry';
import { alertPolicyOf, type TelemetryConfig } from '../config/telemetry.config';
import { BatchesRepository } from '../ingestion/batches.repository';
import { fromChunks } from '../ingestion/signal.codec';
import { MaintenanceLogsService } from '../maintenance/maintenance-logs.service';
import { PredictionsRepository, type WindowRow } from './predictions.repository';
import { TelemetryModelService } from './telemetry-model.service';

/**
 * The worker's side of ingestion: a stored batch is resampled, cut into overlapping windows,
 * normalised and fused with the asset's maintenance log (all by buildModelInputs of
 * @mosaic/telemetry), predicted in one call, and stored with its alerts.
 */
@Injectable()
export class BatchPredictionService {
  private readonly logger = new Logger(BatchPredictionService.name);

  constructor(
    private readonly batches: BatchesRepository,
    private readonly predictions: PredictionsRepository,
    private readonly logs: MaintenanceLogsService,
    private readonly model: TelemetryModelService,
    private readonly queues: QueueProducer,
    @Inject(APP_CONFIG) private readonly config: TelemetryConfig,
  ) {}

  async process(batchId: string): Promise<void> {
    const batch = await this.batches.findById(batchId);
    if (!batch) return;
    if (batch.status !== 'completed') {
      if (batch.rawDeletedAt) {
        this.logger.warn({ batchId }, 'raw signal was purged before the batch was predicted');
        await this.batches.markFailed(batchId);
        return;
      }
      await this.batches.markProcessing(batchId);
      const vibration = fromChunks(await this.batches.readChannel(batchId, 'vibration'));
      const temperatureChunks = await this.batches.readChannel(batchId, 'temperature');
      const maintenanceLog = await this.logs.latestFor(batch.assetRowId, batch.endedAt);
      let inputs;
      try {
        inputs = buildModelInputs(
          {
            vibration,
            sampleRateHz: batch.sampleRateHz,
            rpm: batch.rpm ?? undefined,
            temperature: temperatureChunks.length ? fromChunks(temperatureChunks) : undefined,
            maintenanceLog,
          },
          { hopSamples: this.config.WINDOW_HOP_SAMPLES },
        );
      } catch (error) {
        // Ingestion validated the signal; if it still cannot be windowed, retrying will not help.
        if (!(error instanceof InvalidTelemetryError)) throw error;
        this.logger.error({ batchId, error: error.name }, 'stored batch cannot be windowed');
        await this.batches.markFailed(batchId);
        return;
      }
      const predicted = await this.model.predict(inputs);
      const classes = predicted.labels.length;
      const windows: WindowRow[] = inputs.windowStartSeconds.map((seconds, w) => {
        const probabilities = predicted.probabilities.subarray(w * classes, (w + 1) * classes);
        let best = 0;
        for (let c = 1; c < classes; c++) if ((probabilities[c] as number) > (probabilities[best] as number)) best = c;
        const routing = predicted.routing[w];
        return {
          windowIndex: w,
          windowStart: new Date(batch.startedAt.getTime() + Math.round(seconds * 1000)),
          label: predicted.labels[best] as string,
          probabilities: Array.from(probabilities),
          failureRisk: predicted.failureRisk[w] as number,
          experts: routing?.experts ?? [],
          expertWeights: routing?.weights ?? [],
        };
      });
      const policy = alertPolicyOf(this.config);
      const outcome = await this.predictions.commitBatch(
        { batchId, tenantId: batch.tenantId, assetRowId: batch.assetRowId, labels: predicted.labels, modelVersion: predicted.modelVersion, windows },
        (states, fresh) => trackAssetRisk(states, fresh, policy),
      );
      if (outcome.stored) {
        this.logger.log({ batchId, windows: windows.length, opened: outcome.opened, closed: outcome.closed }, 'batch predicted');
      }
    }
    // Also on a retry of a completed batch: the attempt that stored it may have died before queueing them.
    for (const deliveryId of await this.predictions.pendingDeliveries(batch.assetRowId)) {
      await this.queues.enqueue('telemetry-alerts', 'deliver-alert', { deliveryId }, { jobId: deliveryId });
    }
  }

  async markFailed(batchId: string): Promise<void> {
    await this.batches.markFailed(batchId);
  }
}
