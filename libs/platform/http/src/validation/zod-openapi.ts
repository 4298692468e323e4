import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';

/**
 * OpenAPI schemas are generated from the same zod schemas that validate requests, so the document
 * and the behaviour cannot disagree.
 */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
}

export const ApiZodBody = (schema: z.ZodType, description?: string) =>
  ApiBody({ schema: openApiSchema(schema) as never, description });

export const ApiZodResponse = (status: number, schema: z.ZodType, description?: string) =>
  status === 200
    ? ApiOkResponse({ schema: openApiSchema(schema) as never, description })
    : ApiResponse({ status, schema: openApiSchema(schema) as never, description });

/** The error body of every 4xx/5xx, for the document. */
export const errorBodySchema = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  details: z.array(z.object({ path: z.string(), message: z.string() })),
  requestId: z.string().optional(),
});

export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(...statuses.map((status) => ApiResponse({ status, schema: openApiSchema(errorBodySchema) as never })));
