import { Injectable } from '@nestjs/common';
import { PrismaService } from '@mosaic/platform-database';
import { RedisService } from '@mosaic/platform-messaging';

export type HealthCheck = () => Promise<void> | void;

export interface CheckResult {
  status: 'up' | 'down';
  ms: number;
  error?: string;
}

const CHECK_TIMEOUT_MS = 1_500;

/** What /health/ready asks: PostgreSQL and Redis always, and whatever an app adds (its models). */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();

  constructor(prisma: PrismaService, redis: RedisService) {
    this.register('database', () => prisma.probe());
    this.register('redis', () => redis.probe());
  }

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  async run(): Promise<{ ready: boolean; checks: Record<string, CheckResult> }> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]): Promise<[string, CheckResult]> => {
        const started = Date.now();
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            Promise.resolve().then(check),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
            }),
          ]);
          return [name, { status: 'up', ms: Date.now() - started }];
        } catch (error) {
          return [name, { status: 'down', ms: Date.now() - started, error: (error as Error).message.slice(0, 120) }];
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    return { ready: entries.every(([, r]) => r.status === 'up'), checks };
  }
}
