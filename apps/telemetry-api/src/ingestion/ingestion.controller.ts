import { Controller, Get, HttpCode, Param, Post, Req, UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, RequireScopes, type Principal } from '@mosaic/platform-auth';
import { ApiErrors, ApiZodBody, ApiZodResponse } from '@mosaic/platform-http';
import { batchSchema, ingestAcceptedSchema, ingestJsonSchema } from './dto/ingest-telemetry.dto';
import { IngestionService } from './ingestion.service';
import { readRawBody } from './raw-body.reader';

/** About 16 M float32 samples: 10 s of four channels at 100 kHz, and then some. */
export const FLOAT32_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

@ApiTags('telemetry')
@Controller('v1/telemetry')
export class IngestionController {
  constructor(private readonly ingestion: IngestionService) {}

  @Post()
  @HttpCode(202)
  @RequireScopes('telemetry:write')
  @ApiOperation({
    summary: 'Queue a batch of signal for prediction, as JSON (<= 16 MB) or as little-endian float32 (application/octet-stream, <= 64 MB, metadata in the query).',
    description:
      'float32 bodies take assetId, startedAt, sampleRateHz, rpm and optionally channels=vibration:N,temperature:M (the body concatenates them in that order; without it the whole body is vibration).',
  })
  @ApiConsumes('application/json', 'application/octet-stream')
  @ApiZodBody(ingestJsonSchema)
  @ApiQuery({ name: 'assetId', required: false, description: 'float32 bodies only' })
  @ApiQuery({ name: 'startedAt', required: false, description: 'float32 bodies only' })
  @ApiQuery({ name: 'sampleRateHz', required: false, description: 'float32 bodies only' })
  @ApiQuery({ name: 'rpm', required: false, description: 'float32 bodies only' })
  @ApiQuery({ name: 'channels', required: false, description: 'float32 bodies only: vibration:N,temperature:M' })
  @ApiZodResponse(202, ingestAcceptedSchema)
  @ApiErrors(400, 401, 403, 413, 415, 422, 429, 503)
  async ingest(@CurrentPrincipal() principal: Principal, @Req() request: Request) {
    if (request.is('application/octet-stream')) {
      return this.ingestion.ingestBinary(principal.tenantId, request.query, await readRawBody(request, FLOAT32_BODY_LIMIT_BYTES));
    }
    if (request.is('application/json')) return this.ingestion.ingestJson(principal.tenantId, request.body);
    throw new UnsupportedMediaTypeException('send application/json or application/octet-stream (little-endian float32)');
  }

  @Get(':batchId')
  @RequireScopes('telemetry:read')
  @ApiOperation({ summary: 'A batch: its status, windows and model version.' })
  @ApiZodResponse(200, batchSchema)
  @ApiErrors(401, 403, 404)
  get(@CurrentPrincipal() principal: Principal, @Param('batchId') batchId: string) {
    return this.ingestion.get(principal.tenantId, batchId);
  }
}
