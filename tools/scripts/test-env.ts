/**
 * Prepares and cleans the tests' own stores: `setup` recreates the test database and migrates it;
 * `teardown` drops it and deletes the run's Redis keys. Called by jest's global setup and teardown.
 */
import { dropDatabase, ensureDatabase, migrateDatabase } from '@mosaic/platform-database';
import { purgeRedisPrefix } from '@mosaic/platform-messaging';
import { MIGRATIONS_DIR } from './db-migrate';

async function main(): Promise<void> {
  const [command] = process.argv.slice(2);
  const databaseUrl = process.env['DATABASE_URL'];
  const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const prefix = process.env['REDIS_PREFIX'];
  if (!databaseUrl || !/_test(_\w+)?$/.test(new URL(databaseUrl).pathname)) {
    throw new Error(`refusing to touch ${databaseUrl ?? '(no DATABASE_URL)'}: test databases end in _test`);
  }
  if (command === 'setup') {
    await dropDatabase(databaseUrl);
    await ensureDatabase(databaseUrl);
    await migrateDatabase(databaseUrl, MIGRATIONS_DIR);
  } else if (command === 'teardown') {
    if (prefix) await purgeRedisPrefix(redisUrl, prefix);
    await dropDatabase(databaseUrl);
  } else {
    throw new Error('usage: test-env.ts setup|teardown');
  }
}

main().catch((error: unknown) => {
  console.error(`test environment: ${(error as Error).message}`);
  process.exit(1);
});
