import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type BaseConfig } from '@mosaic/platform-config';
import { ApiKeyRepository } from './api-key.repository';
import { generateApiKey, parseApiKey, secretMatches } from './api-key.codec';
import { isScope, type Principal, type Scope } from './scopes';

interface CacheEntry {
  secretHash: string | null;
  principal: Principal | null;
  expiresAt: number;
}

const TENANT_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

export class InvalidKeyRequestError extends Error {
  override name = 'InvalidKeyRequestError';
}

@Injectable()
export class ApiKeyService {
  /** Verified keys by prefix, so the hot path does not query PostgreSQL on every request. */
  private readonly cache = new Map<string, CacheEntry>();
  private readonly cacheMs: number;

  constructor(
    private readonly keys: ApiKeyRepository,
    @Inject(APP_CONFIG) config: BaseConfig,
  ) {
    this.cacheMs = config.API_KEY_CACHE_SECONDS * 1000;
  }

  async create(tenantId: string, scopes: string[], label?: string): Promise<{ key: string; prefix: string }> {
    if (!TENANT_PATTERN.test(tenantId)) throw new InvalidKeyRequestError('tenant must be 2-63 lowercase letters, digits or dashes');
    const unknown = scopes.filter((s) => !isScope(s));
    if (!scopes.length || unknown.length) throw new InvalidKeyRequestError(`unknown scopes: ${unknown.join(', ') || '(none given)'}`);
    const { key, prefix, secretHash } = generateApiKey();
    await this.keys.create({ tenantId, tenantName: tenantId, prefix, secretHash, scopes, label });
    return { key, prefix };
  }

  /** The principal a key stands for, or null for a malformed, unknown or revoked key. */
  async verify(key: string): Promise<Principal | null> {
    const parsed = parseApiKey(key);
    if (!parsed) return null;
    const now = Date.now();
    let entry = this.cache.get(parsed.prefix);
    if (!entry || entry.expiresAt <= now) {
      const stored = await this.keys.findByPrefix(parsed.prefix);
      const usable = stored && !stored.revokedAt ? stored : null;
      entry = {
        secretHash: usable?.secretHash ?? null,
        principal: usable
          ? { tenantId: usable.tenantId, keyId: usable.id, scopes: usable.scopes.filter(isScope) as Scope[] }
          : null,
        expiresAt: now + this.cacheMs,
      };
      if (this.cacheMs > 0) this.cache.set(parsed.prefix, entry);
      if (usable) void this.keys.touch(usable.id).catch(() => undefined);
    }
    if (!entry.principal || !entry.secretHash || !secretMatches(parsed.secret, entry.secretHash)) return null;
    return entry.principal;
  }

  list(tenantId?: string) {
    return this.keys.list(tenantId);
  }

  async revoke(prefix: string): Promise<boolean> {
    this.cache.delete(prefix);
    return this.keys.revoke(prefix);
  }
}
