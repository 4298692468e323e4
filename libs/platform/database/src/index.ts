export { DatabaseModule } from './database.module';
export { PrismaService } from './prisma.service';
export { isDatabaseUnavailable, isUniqueViolation } from './database-errors';
export { MigrationError, dropDatabase, ensureDatabase, migrateDatabase, probeDatabaseServer, readMigrations } from './migrations';
export type { MigrationResult } from './migrations';
export { Prisma } from '@prisma/client';
export type * from '@prisma/client';
