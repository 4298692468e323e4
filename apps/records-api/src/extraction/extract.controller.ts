import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '@mosaic/platform-auth';
import { ApiErrors, ApiZodBody, ApiZodResponse, RequestValidationException, ZodValidationPipe } from '@mosaic/platform-http';
import { extractionSchema, type ExtractionView } from './dto/extraction.dto';
import { extractRequestSchema, SYNC_MAX_CHARACTERS, type ExtractRequest } from './dto/extract.dto';
import { ExtractionService } from './extraction.service';

@ApiTags('extraction')
@Controller('v1/extract')
export class ExtractController {
  constructor(private readonly extraction: ExtractionService) {}

  @Post()
  @HttpCode(200)
  @RequireScopes('records:write')
  @ApiOperation({ summary: `Extract one text of at most ${SYNC_MAX_CHARACTERS} characters synchronously; nothing is stored.` })
  @ApiZodBody(extractRequestSchema)
  @ApiZodResponse(200, extractionSchema)
  @ApiErrors(400, 401, 403, 413, 422, 429, 503)
  async extract(@Body(new ZodValidationPipe(extractRequestSchema)) body: ExtractRequest): Promise<ExtractionView> {
    const outcome = await this.extraction.extract(body.text);
    if (!outcome.ok) throw new RequestValidationException('the text could not be turned into a valid extraction', [{ path: 'text', message: outcome.reason }], 422);
    return outcome.extraction;
  }
}
