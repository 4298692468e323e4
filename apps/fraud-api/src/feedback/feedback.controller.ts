import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScopes, type Principal } from '@mosaic/platform-auth';
import { ApiErrors, ApiZodBody, ZodValidationPipe } from '@mosaic/platform-http';
import { FeedbackService } from './feedback.service';
import { feedbackSchema, type Feedback } from './dto/feedback.dto';

@ApiTags('feedback')
@Controller('v1/transactions')
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Post(':transactionId/feedback')
  @HttpCode(204)
  @RequireScopes('fraud:feedback')
  @ApiOperation({ summary: 'Label a scored payment (fraud or legitimate); labels feed threshold recalibration and the daily quality metrics.' })
  @ApiZodBody(feedbackSchema)
  @ApiErrors(400, 401, 403, 404, 503)
  label(@CurrentPrincipal() principal: Principal, @Param('transactionId') transactionId: string, @Body(new ZodValidationPipe(feedbackSchema)) body: Feedback): Promise<void> {
    return this.feedback.label(principal.tenantId, transactionId, body);
  }
}
