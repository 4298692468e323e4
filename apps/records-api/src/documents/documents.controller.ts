import { Body, Controller, Get, HttpCode, Param, Post, Req, UnsupportedMediaTypeException, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, RequireScopes, type Principal } from '@mosaic/platform-auth';
import { ApiErrors, ApiZodBody, ApiZodResponse, RequestValidationException, ZodValidationPipe } from '@mosaic/platform-http';
import { DocumentsService, type UploadedFile as StoredFile } from './documents.service';
import { documentAcceptedSchema, documentSchema, uploadDocumentMultipartSchema, uploadDocumentSchema, uploadFieldsSchema } from './dto/document.dto';

type RequestWithId = Request & { id?: string };

@ApiTags('documents')
@Controller('v1/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @HttpCode(202)
  @RequireScopes('records:write')
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({
    summary: 'Upload a document (JSON text, or a multipart text/plain or application/pdf file); it is stored encrypted, queued for extraction, and answered at once.',
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiZodBody(uploadDocumentSchema, `JSON; or multipart/form-data: ${Object.keys(uploadDocumentMultipartSchema.shape).join(', ')}`)
  @ApiZodResponse(202, documentAcceptedSchema)
  @ApiErrors(400, 401, 403, 413, 415, 422, 429, 503)
  upload(@CurrentPrincipal() principal: Principal, @Req() request: RequestWithId, @Body() body: unknown, @UploadedFile() file?: StoredFile) {
    if (request.is('multipart/form-data')) {
      if (!file) throw new RequestValidationException('a multipart upload needs a file part named "file"', [{ path: 'file', message: 'missing' }]);
      const fields = new ZodValidationPipe(uploadFieldsSchema, 'form fields').transform(body ?? {});
      return this.documents.uploadFile(principal, file, fields, request.id);
    }
    if (request.is('application/json')) {
      return this.documents.uploadText(principal, new ZodValidationPipe(uploadDocumentSchema).transform(body), request.id);
    }
    throw new UnsupportedMediaTypeException('send application/json ({"text": ...}) or multipart/form-data with a file part');
  }

  @Get(':documentId')
  @RequireScopes('records:read')
  @ApiOperation({ summary: "A document's status and, once completed, its extraction (and the latest reviewed correction). Every read is audited." })
  @ApiZodResponse(200, documentSchema)
  @ApiErrors(401, 403, 404)
  get(@CurrentPrincipal() principal: Principal, @Req() request: RequestWithId, @Param('documentId') documentId: string) {
    return this.documents.get(principal, documentId, request.id);
  }
}
