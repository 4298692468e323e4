import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropDatabase, ensureDatabase, migrateDatabase, MigrationError } from './migrations';

describe('migrateDatabase', () => {
  const url = new URL(process.env['DATABASE_URL'] as string);
  url.pathname = `/mosaic_migrations_${process.pid}_test`;
  const databaseUrl = url.toString();
  let dir: string;

  const write = (name: string, sql: string) => {
    mkdirSync(join(dir, name), { recursive: true });
    writeFileSync(join(dir, name, 'migration.sql'), sql);
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mosaic-migrations-'));
    await dropDatabase(databaseUrl);
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dropDatabase(databaseUrl);
  });

  it('creates the database, applies migrations in order, and is idempotent', async () => {
    write('20260101000000_a', 'CREATE TABLE a (id int PRIMARY KEY);');
    write('20260102000000_b', 'ALTER TABLE a ADD COLUMN b text; INSERT INTO a VALUES (1, \'x\');');
    expect(await ensureDatabase(databaseUrl)).toBe(true);
    expect(await ensureDatabase(databaseUrl)).toBe(false);
    expect((await migrateDatabase(databaseUrl, dir)).applied).toEqual(['20260101000000_a', '20260102000000_b']);
    expect(await migrateDatabase(databaseUrl, dir)).toEqual({ applied: [], alreadyApplied: 2 });
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query('SELECT b FROM a');
    const history = await client.query('SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name');
    await client.end();
    expect(rows).toEqual([{ b: 'x' }]);
    expect(history.rows.map((r) => r.migration_name)).toEqual(['20260101000000_a', '20260102000000_b']);
  });

  it('rolls back a failing migration whole and refuses a migration edited after it ran', async () => {
    await ensureDatabase(databaseUrl);
    write('20260101000000_a', 'CREATE TABLE a (id int PRIMARY KEY);');
    write('20260102000000_bad', 'CREATE TABLE half (id int); SELECT no_such_function();');
    await expect(migrateDatabase(databaseUrl, dir)).rejects.toThrow(/20260102000000_bad failed/);
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const half = await client.query("SELECT to_regclass('half') AS t");
    await client.end();
    expect(half.rows[0].t).toBeNull();

    rmSync(join(dir, '20260102000000_bad'), { recursive: true });
    write('20260101000000_a', 'CREATE TABLE a (id bigint PRIMARY KEY);');
    await expect(migrateDatabase(databaseUrl, dir)).rejects.toThrow(MigrationError);
  });
});
