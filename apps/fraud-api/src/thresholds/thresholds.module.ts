import { Module } from '@nestjs/common';
import { ThresholdRecalibrationService } from './threshold-recalibration.service';
import { ThresholdsController } from './thresholds.controller';
import { ThresholdsRepository } from './thresholds.repository';
import { ThresholdsService } from './thresholds.service';

@Module({
  controllers: [ThresholdsController],
  providers: [ThresholdsRepository, ThresholdsService, ThresholdRecalibrationService],
  exports: [ThresholdsService, ThresholdRecalibrationService],
})
export class ThresholdsModule {}
