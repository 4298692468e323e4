import { defineConfig } from 'prisma/config';
import { MigrationAdapter } from './prisma/migration-adapter';

const databaseUrl = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/mosaic';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations' },
  adapter: async () => new MigrationAdapter(databaseUrl),
});
