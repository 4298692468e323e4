import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module';
import { MaintenanceLogsController } from './maintenance-logs.controller';
import { MaintenanceLogsRepository } from './maintenance-logs.repository';
import { MaintenanceLogsService } from './maintenance-logs.service';

@Module({
  imports: [AssetsModule],
  controllers: [MaintenanceLogsController],
  providers: [MaintenanceLogsRepository, MaintenanceLogsService],
  exports: [MaintenanceLogsService],
})
export class MaintenanceModule {}
