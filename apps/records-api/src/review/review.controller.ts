import { Body, Controller, Param, Put, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, RequireScopes, type Principal } from '@mosaic/platform-auth';
import { ApiErrors, ApiZodBody, ApiZodResponse, ZodValidationPipe } from '@mosaic/platform-http';
import { documentSchema } from '../documents/dto/document.dto';
import { extractionSchema, type ExtractionView } from '../extraction/dto/extraction.dto';
import { ReviewService } from './review.service';

@ApiTags('review')
@Controller('v1/documents/:documentId/review')
export class ReviewController {
  constructor(private readonly reviews: ReviewService) {}

  @Put()
  @RequireScopes('records:review')
  @ApiOperation({ summary: "Submit a reviewer's corrected extraction; the model's original and every correction are kept with who reviewed and when." })
  @ApiZodBody(extractionSchema)
  @ApiZodResponse(200, documentSchema)
  @ApiErrors(400, 401, 403, 404, 409, 422)
  review(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request & { id?: string },
    @Param('documentId') documentId: string,
    @Body(new ZodValidationPipe(extractionSchema)) correction: ExtractionView,
  ) {
    return this.reviews.review(principal, documentId, correction, request.id);
  }
}
