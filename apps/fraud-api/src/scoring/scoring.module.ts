import { Module } from '@nestjs/common';
import { ThresholdsModule } from '../thresholds/thresholds.module';
import { BehaviourStateStore } from './behaviour-state.store';
import { FraudModelService } from './fraud-model.service';
import { ScoringController } from './scoring.controller';
import { TransactionsRepository } from './scoring.repository';
import { ScoringService } from './scoring.service';

@Module({
  imports: [ThresholdsModule],
  controllers: [ScoringController],
  providers: [FraudModelService, TransactionsRepository, BehaviourStateStore, ScoringService],
  exports: [ScoringService],
})
export class ScoringModule {}
