import { Module } from '@nestjs/common';
import { ScoringModule } from '../scoring/scoring.module';
import { BatchCallbackService } from './batch-callback.service';
import { BatchScoringService } from './batch-scoring.service';
import { BatchesController } from './batches.controller';
import { BatchesProcessor } from './batches.processor';
import { BatchesRepository } from './batches.repository';
import { BatchesService } from './batches.service';

@Module({
  imports: [ScoringModule],
  controllers: [BatchesController],
  providers: [BatchesRepository, BatchesService, BatchScoringService, BatchCallbackService, BatchesProcessor],
  exports: [BatchesProcessor],
})
export class BatchesModule {}
