import { cpSync, mkdtempSync, appendFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pendingSchemaChange } from './db-migration';

describe('prisma/schema against prisma/migrations', () => {
  it('agree: replaying every migration yields exactly the schema', () => {
    expect(pendingSchemaChange()).toBe('');
  });

  it('disagree as soon as the schema gains a model that no migration creates', () => {
    const copy = mkdtempSync(join(tmpdir(), 'mosaic-schema-'));
    try {
      cpSync(resolve(__dirname, '../../prisma/schema'), copy, { recursive: true });
      appendFileSync(join(copy, 'schema.prisma'), '\nmodel DriftCheck {\n  id Int @id\n}\n');
      expect(pendingSchemaChange(copy)).toContain('CREATE TABLE "DriftCheck"');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
