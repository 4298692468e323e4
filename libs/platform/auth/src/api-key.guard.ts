import {
  ForbiddenException,
  HttpException,
  HttpStatus,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ApiKeyService } from './api-key.service';
import { PUBLIC_ROUTE, REQUIRED_SCOPES, type AuthenticatedRequest } from './auth.decorators';
import { RateLimiter } from './rate-limiter';
import type { Scope } from './scopes';

/** The key from `Authorization: Bearer`, `x-api-key`, or the password of `Authorization: Basic` (for the queue dashboard in a browser). */
export function extractApiKey(headers: Request['headers']): string | null {
  const header = headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  const authorization = headers.authorization;
  if (!authorization) return null;
  const [kind, value] = authorization.split(' ', 2);
  if (!value) return null;
  if (kind?.toLowerCase() === 'bearer') return value;
  if (kind?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1) || null;
  }
  return null;
}

/** Guards every route (registered globally): public routes pass, the rest need a key holding the route's scopes. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyService,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();

    const key = extractApiKey(request.headers);
    if (!key) throw new UnauthorizedException('missing API key: send Authorization: Bearer <key> or x-api-key: <key>');
    const principal = await this.apiKeys.verify(key);
    if (!principal) throw new UnauthorizedException('unknown or revoked API key');

    const required = this.reflector.getAllAndOverride<Scope[] | undefined>(REQUIRED_SCOPES, targets);
    if (!required?.length) throw new ForbiddenException('this route declares no scope, so no key may call it');
    const missing = required.filter((scope) => !principal.scopes.includes(scope));
    if (missing.length) throw new ForbiddenException(`this API key lacks the scope ${missing.join(', ')}`);

    const rate = await this.rateLimiter.hit(principal.keyId);
    response.setHeader('RateLimit-Limit', rate.limit);
    response.setHeader('RateLimit-Remaining', rate.remaining);
    if (!rate.allowed) {
      response.setHeader('Retry-After', rate.retryAfterSeconds);
      throw new HttpException(`rate limit of ${rate.limit} requests per minute exceeded for this key`, HttpStatus.TOO_MANY_REQUESTS);
    }
    request.principal = principal;
    return true;
  }
}
