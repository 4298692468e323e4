import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module';
import { IngestionModule } from '../ingestion/ingestion.module';
import { MaintenanceModule } from '../maintenance/maintenance.module';
import { BatchPredictionProcessor } from './batch-prediction.processor';
import { BatchPredictionService } from './batch-prediction.service';
import { PredictService } from './predict.service';
import { PredictionsController } from './predictions.controller';
import { PredictionsRepository } from './predictions.repository';
import { PredictionsService } from './predictions.service';
import { TelemetryModelService } from './telemetry-model.service';

/** The model, shared by the API (POST /v1/predict) and the worker (ingested batches). */
@Module({ providers: [TelemetryModelService], exports: [TelemetryModelService] })
export class TelemetryModelModule {}

/** The API's side: synchronous prediction and the stored predictions. */
@Module({
  imports: [AssetsModule, TelemetryModelModule],
  controllers: [PredictionsController],
  providers: [PredictionsRepository, PredictService, PredictionsService],
})
export class PredictionModule {}

/** The worker's side: ingested batches to stored predictions and alerts. */
@Module({
  imports: [IngestionModule, MaintenanceModule, TelemetryModelModule],
  providers: [PredictionsRepository, BatchPredictionService, BatchPredictionProcessor],
  exports: [BatchPredictionProcessor],
})
export class BatchPredictionModule {}
