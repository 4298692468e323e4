import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScopes, type Principal } from '@mosaic/platform-auth';
import { ApiErrors, ApiZodBody, ApiZodResponse, ZodValidationPipe } from '@mosaic/platform-http';
import { scoreResponseSchema } from './dto/score-response.dto';
import { scoreTransactionSchema, type ScoreTransaction } from './dto/score-transaction.dto';
import { ScoringService } from './scoring.service';

@ApiTags('scoring')
@Controller('v1/transactions')
export class ScoringController {
  constructor(private readonly scoring: ScoringService) {}

  @Post('score')
  @HttpCode(200)
  @RequireScopes('fraud:score')
  @ApiOperation({
    summary: 'Score a payment and decide: approve, review or decline, with reason codes and the experts that decided.',
    description:
      'Idempotent on transactionId: scoring the same id again returns the stored decision and changes nothing. ' +
      'The decision is in PostgreSQL before the answer is sent; without PostgreSQL the answer is 503 and no decision.',
  })
  @ApiZodBody(scoreTransactionSchema)
  @ApiZodResponse(200, scoreResponseSchema)
  @ApiErrors(400, 401, 403, 413, 429, 503)
  score(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(scoreTransactionSchema)) body: ScoreTransaction) {
    return this.scoring.score(principal.tenantId, body);
  }
}
