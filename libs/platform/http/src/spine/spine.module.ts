import { Body, Controller, Get, HttpCode, type DynamicModule, Module, Param, Post, type Type } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScopes, type Principal, type Scope } from '@mosaic/platform-auth';
import type { QueueName } from '@mosaic/platform-messaging';
import { ApiErrors, ApiZodBody, ApiZodResponse } from '../validation/zod-openapi';
import { ZodValidationPipe } from '../validation/zod-validation.pipe';
import { PingProcessor } from './ping.processor';
import { PingRepository } from './ping.repository';
import { createPingSchema, pingSchema, type CreatePing } from './ping.schemas';
import { PingService, SPINE_QUEUE } from './ping.service';

type SpineQueue = Extract<QueueName, `${string}-spine`>;

function pingsController(writeScope: Scope, readScope: Scope): Type<unknown> {
  @ApiTags('spine')
  @Controller('v1/pings')
  class PingsController {
    constructor(private readonly pings: PingService) {}

    @Post()
    @HttpCode(202)
    @RequireScopes(writeScope)
    @ApiOperation({ summary: 'Write a ping and queue it; a worker echoes it back (the end-to-end spine of the service).' })
    @ApiZodBody(createPingSchema)
    @ApiZodResponse(202, pingSchema)
    @ApiErrors(400, 401, 403, 413, 429, 503)
    create(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(createPingSchema)) body: CreatePing) {
      return this.pings.create(principal.tenantId, body);
    }

    @Get(':pingId')
    @RequireScopes(readScope)
    @ApiZodResponse(200, pingSchema)
    @ApiErrors(401, 403, 404)
    get(@CurrentPrincipal() principal: Principal, @Param('pingId') pingId: string) {
      return this.pings.get(principal.tenantId, pingId);
    }
  }
  return PingsController;
}

/**
 * One tiny route per API that exercises the whole platform: auth, validation, a PostgreSQL write,
 * a job through Redis, and a worker that stores its result.
 */
@Module({})
export class SpineModule {
  static forService(options: { queue: SpineQueue; writeScope: Scope; readScope: Scope }): DynamicModule {
    return {
      module: SpineModule,
      controllers: [pingsController(options.writeScope, options.readScope)],
      providers: [PingRepository, PingService, PingProcessor, { provide: SPINE_QUEUE, useValue: options.queue }],
      exports: [PingProcessor],
    };
  }
}
