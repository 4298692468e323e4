import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { APP_CONFIG, type BaseConfig } from '@mosaic/platform-config';

/**
 * The one Prisma client of a process. Queries run through node-postgres (`@prisma/adapter-pg`), so no
 * native query engine is needed. Domain code never sees it: repositories wrap it (STYLE.md habit 6).
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  constructor(@Inject(APP_CONFIG) config: BaseConfig) {
    super({
      adapter: new PrismaPg({ connectionString: config.DATABASE_URL, max: 10, connectionTimeoutMillis: 3_000 }),
    });
  }

  async probe(): Promise<void> {
    await this.$queryRaw`SELECT 1`;
  }

  /** The last phase of shutdown: in-flight requests (closed with the HTTP server) and jobs (closed before) still need it. */
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
