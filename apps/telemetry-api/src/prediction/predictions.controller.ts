import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScopes, type Principal } from '@mosaic/platform-auth';
import { ApiErrors, ApiZodBody, ApiZodResponse, ZodValidationPipe } from '@mosaic/platform-http';
import {
  predictSchema,
  predictionSchema,
  predictionsPageSchema,
  predictionsQuerySchema,
  type PredictRequest,
  type PredictionsQuery,
} from './dto/predict.dto';
import { PredictService } from './predict.service';
import { PredictionsService } from './predictions.service';

@ApiTags('predictions')
@Controller('v1')
export class PredictionsController {
  constructor(
    private readonly predict: PredictService,
    private readonly predictions: PredictionsService,
  ) {}

  @Post('predict')
  @HttpCode(200)
  @RequireScopes('telemetry:read')
  @ApiOperation({ summary: 'Predict one short signal (up to 10 s) synchronously; nothing is stored.' })
  @ApiZodBody(predictSchema)
  @ApiZodResponse(200, predictionSchema)
  @ApiErrors(400, 401, 403, 413, 422, 429, 503)
  run(@Body(new ZodValidationPipe(predictSchema)) body: PredictRequest) {
    return this.predict.predict(body);
  }

  @Get('assets/:assetId/predictions')
  @RequireScopes('telemetry:read')
  @ApiOperation({ summary: "An asset's stored window predictions in time order (from <= windowStart < to), paginated by cursor." })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1..1000, default 100' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiZodResponse(200, predictionsPageSchema)
  @ApiErrors(400, 401, 403, 404)
  list(
    @CurrentPrincipal() principal: Principal,
    @Param('assetId') assetId: string,
    @Query(new ZodValidationPipe(predictionsQuerySchema, 'query parameters')) query: PredictionsQuery,
  ) {
    return this.predictions.list(principal.tenantId, assetId, query);
  }
}
