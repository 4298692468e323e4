import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger, Metrics } from '@mosaic/platform-observability';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export type RequestWithContext = Request & { id?: string; principal?: { tenantId: string } };

/**
 * Gives every request an id (the caller's `x-request-id` when it is sane), and on finish logs one
 * line and observes the latency histogram. The line names the route pattern, never the URL's
 * values, the query or the body: those can carry personal data.
 */
export function requestContext(logger: Logger, metrics: Metrics) {
  return (request: RequestWithContext, response: Response, next: NextFunction): void => {
    const incoming = request.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    request.id = id;
    response.setHeader('x-request-id', id);
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = request.route?.path ? `${request.baseUrl}${String(request.route.path)}` : 'unmatched';
      metrics.httpDuration.observe({ method: request.method, route, status: String(response.statusCode) }, seconds);
      if (route === '/metrics' || route.startsWith('/health')) return;
      logger.info(
        { requestId: id, method: request.method, route, status: response.statusCode, ms: Math.round(seconds * 10_000) / 10, tenant: request.principal?.tenantId },
        'request',
      );
    });
    next();
  };
}
