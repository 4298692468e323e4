import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDatabaseUnavailable } from '@mosaic/platform-database';
import { QueueUnavailableError } from '@mosaic/platform-messaging';
import { describeError } from '@mosaic/platform-observability';
import { reasonPhrase, type ErrorBody, type ErrorDetail } from './error-body';
import { RequestValidationException } from './request-validation.exception';

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/** Errors that mean "a dependency is down, try again", by name, so that libs need not share a class. */
const RETRYABLE_ERRORS = new Set(['QueueUnavailableError', 'OverloadError', 'ModelUnavailableError']);

/**
 * Turns anything thrown into the contract's error body. Clients never see a stack trace; a 5xx is
 * logged with its type and code only (driver errors can carry personal data in their messages).
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const response = context.getResponse<Response>();
    const request = context.getRequest<Request & { id?: string }>();
    const { status, message, details, retryAfter } = this.describe(exception);
    if (status >= 500) {
      this.logger.error({ requestId: request.id, route: request.route?.path, error: describeError(exception) }, 'request failed');
    }
    if (response.headersSent) return;
    if (retryAfter) response.setHeader('Retry-After', retryAfter);
    const body: ErrorBody = { statusCode: status, error: reasonPhrase(status), message, details, requestId: request.id };
    response.status(status).json(body);
  }

  private describe(exception: unknown): { status: number; message: string; details: ErrorDetail[]; retryAfter?: number } {
    if (exception instanceof RequestValidationException) {
      return { status: exception.getStatus(), message: exception.message, details: exception.details };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : Array.isArray((response as { message?: unknown }).message)
            ? ((response as { message: string[] }).message.join('; '))
            : String((response as { message?: unknown }).message ?? exception.message);
      return { status, message, details: [] };
    }
    const parserError = exception as BodyParserError;
    if (parserError?.type === 'entity.too.large') {
      return { status: HttpStatus.PAYLOAD_TOO_LARGE, message: `request body exceeds the limit of ${parserError.limit} bytes`, details: [] };
    }
    if (parserError?.type === 'entity.parse.failed') {
      return { status: HttpStatus.BAD_REQUEST, message: 'request body is not valid JSON', details: [{ path: '', message: 'malformed JSON' }] };
    }
    if (parserError?.type === 'encoding.unsupported' || parserError?.type === 'charset.unsupported') {
      return { status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, message: 'unsupported content encoding or charset', details: [] };
    }
    if (typeof parserError?.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
      return { status: parserError.status, message: (exception as Error).message, details: [] };
    }
    if (exception instanceof QueueUnavailableError || RETRYABLE_ERRORS.has((exception as Error)?.name)) {
      return { status: HttpStatus.SERVICE_UNAVAILABLE, message: `${(exception as Error).message}; retry shortly`, details: [], retryAfter: 1 };
    }
    if (isDatabaseUnavailable(exception)) {
      return { status: HttpStatus.SERVICE_UNAVAILABLE, message: 'the database is unreachable; nothing was recorded, retry shortly', details: [], retryAfter: 2 };
    }
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, message: 'internal error', details: [] };
  }
}
