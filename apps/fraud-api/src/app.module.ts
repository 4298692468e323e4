import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, SpineModule } from '@mosaic/platform-http';
import type { Logger } from '@mosaic/platform-observability';
import type { FraudConfig } from './config/fraud.config';
import { FRAUD_QUEUES, FRAUD_SPINE } from './queues';
import { BatchesModule } from './batches/batches.module';
import { FeedbackModule } from './feedback/feedback.module';
import { DecisionQualityGauges } from './monitoring/decision-quality.gauges';
import { MonitoringModule } from './monitoring/monitoring.module';
import { ScoringModule } from './scoring/scoring.module';
import { ThresholdsModule } from './thresholds/thresholds.module';

@Module({})
export class AppModule {
  static register(config: FraudConfig, logger: Logger, service = 'fraud-api'): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ service, config, logger, queues: FRAUD_QUEUES }),
        SpineModule.forService(FRAUD_SPINE),
        ScoringModule,
        ThresholdsModule,
        FeedbackModule,
        BatchesModule,
        MonitoringModule,
      ],
      providers: [DecisionQualityGauges],
    };
  }
}
