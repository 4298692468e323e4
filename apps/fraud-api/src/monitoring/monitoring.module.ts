import { Module } from '@nestjs/common';
import { ThresholdsModule } from '../thresholds/thresholds.module';
import { DailyMetricsRepository } from './daily-metrics.repository';
import { DailyMetricsService } from './daily-metrics.service';
import { MonitoringProcessor } from './monitoring.processor';

@Module({
  imports: [ThresholdsModule],
  providers: [DailyMetricsRepository, DailyMetricsService, MonitoringProcessor],
  exports: [DailyMetricsService, MonitoringProcessor],
})
export class MonitoringModule {}
