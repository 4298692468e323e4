export { AuthModule } from './auth.module';
export { ApiKeyService, InvalidKeyRequestError } from './api-key.service';
export { ApiKeyRepository } from './api-key.repository';
export { ApiKeyGuard, extractApiKey } from './api-key.guard';
export { CurrentPrincipal, Public, PUBLIC_ROUTE, REQUIRED_SCOPES, RequireScopes } from './auth.decorators';
export { SCOPES, isScope } from './scopes';
export type { Principal, Scope } from './scopes';
export { generateApiKey, parseApiKey } from './api-key.codec';
