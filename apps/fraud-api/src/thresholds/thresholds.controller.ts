import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScopes, type Principal } from '@mosaic/platform-auth';
import { QueueProducer } from '@mosaic/platform-messaging';
import { ApiErrors, ApiZodBody, ApiZodResponse, ZodValidationPipe } from '@mosaic/platform-http';
import { SEGMENTS, ThresholdsService } from './thresholds.service';
import {
  historyQuerySchema,
  segmentThresholdsSchema,
  setThresholdsSchema,
  thresholdsHistorySchema,
  thresholdsViewSchema,
  type SetThresholds,
} from './dto/thresholds.dto';

function knownSegment(segment: string): string {
  if (!(SEGMENTS as readonly string[]).includes(segment)) throw new NotFoundException(`no segment ${segment}; segments: ${SEGMENTS.join(', ')}`);
  return segment;
}

@ApiTags('thresholds')
@Controller('v1/thresholds')
export class ThresholdsController {
  constructor(
    private readonly thresholds: ThresholdsService,
    private readonly queues: QueueProducer,
  ) {}

  @Get()
  @RequireScopes('fraud:admin')
  @ApiOperation({ summary: 'The thresholds in force per segment: version, when and why they last moved, and the targets they hold.' })
  @ApiZodResponse(200, thresholdsViewSchema)
  @ApiErrors(401, 403, 503)
  view(@CurrentPrincipal() principal: Principal) {
    return this.thresholds.view(principal.tenantId);
  }

  @Get('history')
  @RequireScopes('fraud:admin')
  @ApiOperation({ summary: 'Every stored version, newest first, with its reason and what the recalibration saw.' })
  @ApiZodResponse(200, thresholdsHistorySchema)
  @ApiErrors(400, 401, 403, 503)
  history(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(historyQuerySchema, 'query')) query: { segment?: string; limit: number }) {
    return this.thresholds.history(principal.tenantId, query.segment, query.limit);
  }

  @Put(':segment')
  @RequireScopes('fraud:admin')
  @ApiOperation({ summary: "Set a segment's thresholds by hand and/or freeze it (recalibration leaves a frozen segment alone)." })
  @ApiZodBody(setThresholdsSchema)
  @ApiZodResponse(200, segmentThresholdsSchema)
  @ApiErrors(400, 401, 403, 404, 503)
  set(@CurrentPrincipal() principal: Principal, @Param('segment') segment: string, @Body(new ZodValidationPipe(setThresholdsSchema)) body: SetThresholds) {
    return this.thresholds.set(principal.tenantId, knownSegment(segment), body);
  }

  @Post('recalibrate')
  @HttpCode(202)
  @RequireScopes('fraud:admin')
  @ApiOperation({ summary: "Queue a recalibration of this tenant's thresholds now (it also runs on a schedule)." })
  @ApiErrors(401, 403, 503)
  async recalibrate(@CurrentPrincipal() principal: Principal) {
    const jobId = await this.queues.enqueue('fraud-monitoring', 'recalibrate-thresholds', { tenantId: principal.tenantId });
    return { queued: true, jobId };
  }
}
