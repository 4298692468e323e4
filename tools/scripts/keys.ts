/**
 * `npm run keys -- create --tenant acme --scopes fraud:score,records:read [--label "payment switch"]`
 * prints a new API key once (only its hash is stored); `keys -- list [--tenant acme]` and
 * `keys -- revoke <prefix>` manage them.
 */
import { NestFactory } from '@nestjs/core';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, baseConfigSchema, parseConfig } from '@mosaic/platform-config';
import { DatabaseModule } from '@mosaic/platform-database';
import { ApiKeyRepository, ApiKeyService, InvalidKeyRequestError, SCOPES } from '@mosaic/platform-auth';

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

const usage = `usage:
  npm run keys -- create --tenant <id> --scopes <scope,scope> [--label <text>]
  npm run keys -- list [--tenant <id>]
  npm run keys -- revoke <prefix>
scopes: ${SCOPES.join(', ')}`;

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
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
      const tenant = option(args, 'tenant');
      const scopes = (option(args, 'scopes') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (!tenant) throw new InvalidKeyRequestError('--tenant is required');
      const { key, prefix } = await keys.create(tenant, scopes, option(args, 'label'));
      console.log(key);
      console.error(`created key ${prefix} for tenant ${tenant} with scopes ${scopes.join(', ')}; it is shown only this once`);
      return 0;
    }
    if (command === 'list') {
      for (const k of await keys.list(option(args, 'tenant'))) {
        console.log([k.prefix, k.tenantId, k.scopes.join(','), k.createdAt.toISOString(), k.revokedAt ? 'revoked' : 'active', k.label ?? ''].join('\t'));
      }
      return 0;
    }
    if (command === 'revoke' && args[0]) {
      const revoked = await keys.revoke(args[0]);
      console.log(revoked ? `revoked ${args[0]}` : `no active key ${args[0]}`);
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
