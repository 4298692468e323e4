import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScopes, type Principal } from '@mosaic/platform-auth';
import { ApiErrors, ApiZodBody, ApiZodResponse, ZodValidationPipe } from '@mosaic/platform-http';
import { BatchesService } from './batches.service';
import { batchAcceptedSchema, batchViewSchema, submitBatchSchema, type SubmitBatch } from './dto/batch.dto';
import { SIGNATURE_HEADER } from './batch-callback.service';

/** The contract's `score:batch` (a custom method in the Google API style); the colon is escaped for the router. */
export const BATCH_ROUTE = 'v1/transactions/score\\:batch';

@ApiTags('batches')
@Controller()
export class BatchesController {
  constructor(private readonly batches: BatchesService) {}

  @Post(BATCH_ROUTE)
  @HttpCode(202)
  @RequireScopes('fraud:score')
  @ApiOperation({
    summary: 'Score up to 10,000 payments asynchronously; poll GET /v1/batches/{batchId} or give a callbackUrl.',
    description: `The callback is a POST of the batch summary, retried with backoff, signed in ${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">.`,
  })
  @ApiZodBody(submitBatchSchema)
  @ApiZodResponse(202, batchAcceptedSchema)
  @ApiErrors(400, 401, 403, 413, 429, 503)
  submit(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(submitBatchSchema)) body: SubmitBatch) {
    return this.batches.submit(principal.tenantId, body);
  }

  @Get('v1/batches/:batchId')
  @RequireScopes('fraud:score')
  @ApiOperation({ summary: 'Status and progress of a batch and, once completed, its results in request order.' })
  @ApiZodResponse(200, batchViewSchema)
  @ApiErrors(401, 403, 404, 503)
  get(@CurrentPrincipal() principal: Principal, @Param('batchId') batchId: string) {
    return this.batches.get(principal.tenantId, batchId);
  }
}
