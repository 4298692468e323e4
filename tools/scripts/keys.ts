/**
 * `npm run keys -- create --tenant acme --scopes fraud:score,records:read [--label "payment switch"]`
 * prints a new API key once (only its hash is stored); `keys -- list [--tenant acme]` and
 * `keys -- revoke <prefix>` manage them.
 */
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, baseConfigSchema, parseConfig } from '@mosaic/platform-config';
import { DatabaseModule } from '@mosaic/platform-database';
import { ApiKeyRepository, ApiKeyService, InvalidKeyRequestError, SCOPES } from '@mosaic/platform-auth';

const usage = `usage:
  npm run keys -- create --tenant <id> --scopes <scope,scope> [--label <text>]
  npm run keys -- list [--tenant <id>]
  npm run keys -- revoke <prefix>
scopes: ${SCOPES.join(', ')}`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ options: { tenant: { type: 'string' }, scopes: { type: 'string' }, label: { type: 'string' } }, allowPositionals: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, target] = positionals;
  const config = parseConfig(baseConfigSchema);

  @Global()
  @Module({ providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] })
  class ConfigModule {}

  @Module({ imports: [ConfigModule, DatabaseModule], providers: [ApiKeyRepository, ApiKeyService] })
  class KeysModule {}

  const app = await NestFactory.createApplicationContext(KeysModule, { logger: false, abortOnError: false });
  try {
    const keys = app.get(ApiKeyService);
    if (command === 'create') {
      const { tenant, label } = values;
      const scopes = (values.scopes ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (!tenant) throw new InvalidKeyRequestError('--tenant is required');
      const { key, prefix } = await keys.create(tenant, scopes, label);
      console.log(key);
      console.error(`created key ${prefix} for tenant ${tenant} with scopes ${scopes.join(', ')}; it is shown only this once`);
      return 0;
    }
    if (command === 'list') {
      for (const k of await keys.list(values.tenant)) {
        console.log([k.prefix, k.tenantId, k.scopes.join(','), k.createdAt.toISOString(), k.revokedAt ? 'revoked' : 'active', k.label ?? ''].join('\t'));
      }
      return 0;
    }
    if (command === 'revoke' && target) {
      const revoked = await keys.revoke(target);
      console.log(revoked ? `revoked ${target}` : `no active key ${target}`);
      return revoked ? 0 : 1;
    }
    console.error(usage);
    return 2;
  } catch (error) {
    if (error instanceof InvalidKeyRequestError) {
      console.error(`${error.message}\n${usage}`);
      return 2;
    }
    throw error;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`keys failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
