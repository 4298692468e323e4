import { HttpException, HttpStatus } from '@nestjs/common';
import type { ErrorDetail } from './error-body';

/** A request that breaks its schema: 400 (or another 4xx) with every bad field listed. */
export class RequestValidationException extends HttpException {
  constructor(
    message: string,
    readonly details: ErrorDetail[],
    status: number = HttpStatus.BAD_REQUEST,
  ) {
    super(message, status);
  }
}
