import { Controller, Get, Header, Param, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { CurrentPrincipal, RequireScopes, type Principal } from '@mosaic/platform-auth';
import { ApiErrors, ApiZodResponse } from '@mosaic/platform-http';
import { FhirService } from './fhir.service';

const bundleSchema = z.object({
  resourceType: z.literal('Bundle'),
  id: z.string(),
  type: z.literal('collection'),
  timestamp: z.iso.datetime(),
  identifier: z.object({ system: z.string(), value: z.string() }),
  entry: z.array(
    z.object({
      fullUrl: z.string(),
      resource: z.looseObject({ resourceType: z.enum(['Patient', 'Observation', 'Condition', 'FamilyMemberHistory', 'MedicationStatement']), id: z.string() }),
    }),
  ),
});

@ApiTags('fhir')
@Controller('v1/documents/:documentId/fhir')
export class FhirController {
  constructor(private readonly fhir: FhirService) {}

  @Get()
  @RequireScopes('records:read')
  @Header('content-type', 'application/fhir+json; charset=utf-8')
  @ApiOperation({ summary: 'The extraction (the reviewed one when there is one) as a FHIR R4 Bundle. Every read is audited.' })
  @ApiZodResponse(200, bundleSchema)
  @ApiErrors(401, 403, 404, 409)
  bundle(@CurrentPrincipal() principal: Principal, @Req() request: Request & { id?: string }, @Param('documentId') documentId: string) {
    return this.fhir.bundle(principal, documentId, request.id);
  }
}
