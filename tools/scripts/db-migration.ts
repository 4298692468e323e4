/**
 * `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the
 * SQL that takes the database from the committed migrations to prisma/schema, through Prisma's
 * migrate diff (it replays the migrations in a throw-away shadow database).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

export function pendingSchemaChange(schema = 'prisma/schema'): string {
  const result = spawnSync(
    process.execPath,
    [join(root, 'tools/scripts/prisma.mjs'), 'migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-schema-datamodel', schema, '--script'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres' } },
  );
  if (result.status !== 0) throw new Error(`prisma migrate diff failed:\n${result.stderr}`);
  const sql = result.stdout.replace(/^Loaded Prisma config.*\n/m, '').trim();
  return /^-- This is an empty migration\.?$/.test(sql) ? '' : sql;
}

function main(): void {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error('usage: npm run db:migration -- <snake_case_name>');
    process.exit(2);
  }
  const sql = pendingSchemaChange();
  if (!sql) {
    console.log('prisma/schema and prisma/migrations agree; nothing to write');
    return;
  }
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const dir = join(root, 'prisma/migrations', `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'migration.sql'), `${sql}\n`);
  console.log(`wrote ${dir}/migration.sql`);
}

if (require.main === module) main();
