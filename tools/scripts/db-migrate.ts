/**
 * `npm run db:migrate`: creates the database if it is missing and applies prisma/migrations.
 * Idempotent; run by `npm start`, by CI and by the tests' global setup.
 */
import { resolve } from 'node:path';
import { ensureDatabase, migrateDatabase } from '@mosaic/platform-database';

export const MIGRATIONS_DIR = resolve(__dirname, '../../prisma/migrations');

export async function migrate(databaseUrl: string): Promise<{ created: boolean; applied: string[] }> {
  const created = await ensureDatabase(databaseUrl);
  const { applied } = await migrateDatabase(databaseUrl, MIGRATIONS_DIR);
  return { created, applied };
}

async function main(): Promise<void> {
  const url = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/mosaic';
  const { created, applied } = await migrate(url);
  const where = new URL(url);
  console.log(
    `database ${where.pathname.slice(1)} on ${where.host}: ${created ? 'created, ' : ''}${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`migration failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
