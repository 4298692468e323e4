import type { Server } from 'node:http';
import { type DynamicModule, type INestApplication, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { ConfigError, type BaseConfig } from '@mosaic/platform-config';
import { ApiKeyService, extractApiKey, type Scope } from '@mosaic/platform-auth';
import { QueueProducer } from '@mosaic/platform-messaging';
import { Metrics, type Logger } from '@mosaic/platform-observability';
import { HttpExceptionFilter } from './errors/http-exception.filter';
import { PinoNestLogger } from './logging/pino-nest.logger';
import { requestContext } from './observability/request-context.middleware';
import { rejectDeepJson } from './validation/json-depth.middleware';

export interface ApiOptions {
  service: string;
  title: string;
  description: string;
  port: number;
  config: BaseConfig;
  logger: Logger;
  /** The scope that opens the queue dashboard at /admin/queues. */
  adminScope: Scope;
  /** Routes whose bodies may exceed BODY_LIMIT, with their own limit (bulk uploads). */
  bodyLimits?: { path: string; json?: string; raw?: { limit: string; type: string } }[];
}

const DOCS_PATHS = ['/docs', '/admin/queues'];

/** Creates the Nest app of one API with everything the platform promises, without listening. */
export async function createApi(module: Type<unknown> | DynamicModule, options: ApiOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    logger: new PinoNestLogger(options.logger),
    bodyParser: false,
    abortOnError: false,
  });
  const metrics = app.get(Metrics);
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestContext(options.logger, metrics));
  const strict = helmet();
  const relaxed = helmet({ contentSecurityPolicy: false });
  app.use((request: Request, response: Response, next: NextFunction) =>
    (DOCS_PATHS.some((p) => request.path.startsWith(p)) ? relaxed : strict)(request, response, next),
  );
  for (const route of options.bodyLimits ?? []) {
    if (route.raw) app.use(route.path, express.raw({ limit: route.raw.limit, type: route.raw.type }));
    if (route.json) app.use(route.path, express.json({ limit: route.json }));
  }
  app.use(express.json({ limit: options.config.BODY_LIMIT }));
  app.use(rejectDeepJson);
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(options.title)
      .setDescription(options.description)
      .setVersion('1.0.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key: mk_<prefix>_<secret>' })
      .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'x-api-key')
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  if (options.config.QUEUE_DASHBOARD) mountQueueDashboard(app, options.adminScope);
  return app;
}

/** Bull Board behind the same API keys: a browser sends the key as the password of Basic auth. */
function mountQueueDashboard(app: INestApplication, adminScope: Scope): void {
  const apiKeys = app.get(ApiKeyService);
  const router = app.get(QueueProducer).dashboard('/admin/queues');
  app.use('/admin/queues', async (request: Request, response: Response, next: NextFunction) => {
    try {
      const key = extractApiKey(request.headers);
      const principal = key ? await apiKeys.verify(key) : null;
      if (!principal) {
        response.setHeader('WWW-Authenticate', 'Basic realm="mosaic queues", charset="UTF-8"');
        response.status(401).json({ statusCode: 401, error: 'Unauthorized', message: 'an API key with the admin scope is required', details: [] });
        return;
      }
      if (!principal.scopes.includes(adminScope)) {
        response.status(403).json({ statusCode: 403, error: 'Forbidden', message: `this API key lacks the scope ${adminScope}`, details: [] });
        return;
      }
      router(request, response, next);
    } catch (error) {
      next(error);
    }
  });
}

/**
 * Listens, and on SIGTERM/SIGINT stops accepting, lets in-flight requests finish (idle keep-alive
 * connections are closed), then closes queues and pools. A drain that outlives the grace period exits 1.
 */
export async function listen(app: NestExpressApplication, options: ApiOptions): Promise<string> {
  await app.listen(options.port, options.config.HOST);
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = 65_000;
  guardShutdown(options.config.SHUTDOWN_GRACE_MS);
  const url = `http://127.0.0.1:${options.port}`;
  options.logger.info({ url, docs: `${url}/docs` }, `${options.service} listening`);
  return url;
}

/** A worker process: no HTTP, its queue processors, and the same drain on SIGTERM. */
export async function startWorker(module: Type<unknown> | DynamicModule, options: { service: string; config: BaseConfig; logger: Logger }): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(module, { logger: new PinoNestLogger(options.logger), abortOnError: false });
  app.enableShutdownHooks();
  await app.init();
  guardShutdown(options.config.SHUTDOWN_GRACE_MS);
  options.logger.info({}, `${options.service} consuming`);
  return app;
}

function guardShutdown(graceMs: number): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => process.exit(1), graceMs).unref();
    });
  }
}

/** A process that cannot start says why in one readable message (a bad variable, a dependency down) and exits 1. */
export function exitOnStartupError(error: unknown): never {
  const message = error instanceof ConfigError ? error.message : `startup failed: ${(error as Error)?.message ?? String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
