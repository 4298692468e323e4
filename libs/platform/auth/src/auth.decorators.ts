import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal, Scope } from './scopes';

export const PUBLIC_ROUTE = 'mosaic:public';
export const REQUIRED_SCOPES = 'mosaic:scopes';

/** Opens a route to callers without a key. Only health and metrics are public. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The scopes a key must hold to call the route; every non-public route declares at least one. */
export const RequireScopes = (...scopes: [Scope, ...Scope[]]) => SetMetadata(REQUIRED_SCOPES, scopes);

export interface AuthenticatedRequest {
  principal?: Principal;
}

/** The caller of the current request, set by the ApiKeyGuard. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.principal) throw new Error('CurrentPrincipal used on a route without a principal');
  return request.principal;
});
