import { Injectable, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { RequestValidationException } from '../errors/request-validation.exception';
import type { ErrorDetail } from '../errors/error-body';

export function zodIssuesToDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** Parses a body or query with a zod schema; every bad field is listed, not just the first. */
@Injectable()
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    private readonly what: string = 'request body',
  ) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (!result.success) {
      const details = zodIssuesToDetails(result.error);
      throw new RequestValidationException(`invalid ${this.what}: ${details.length} problem${details.length === 1 ? '' : 's'}`, details);
    }
    return result.data;
  }
}
