import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module';
import { BatchesRepository } from './batches.repository';
import { IngestionController } from './ingestion.controller';
import { IngestionService } from './ingestion.service';

@Module({ imports: [AssetsModule], controllers: [IngestionController], providers: [BatchesRepository, IngestionService], exports: [BatchesRepository] })
export class IngestionModule {}
