import { Injectable, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { baseConfigSchema, parseConfig, type BaseConfig } from '@mosaic/platform-config';
import { PrismaService } from '@mosaic/platform-database';
import { MessagingModule, QueueProducer, type JobHandlers, type QueueProcessor } from '@mosaic/platform-messaging';
import { captureLogs, eventually } from '@mosaic/platform-testing';
import { PlatformModule } from './platform.module';

/** A job that is still running, inside a PostgreSQL transaction, when the process is told to stop. */
@Injectable()
class SlowPingProcessor implements QueueProcessor<'fraud-spine'> {
  readonly queue = 'fraud-spine' as const;
  readonly handlers: JobHandlers<'fraud-spine'>;
  static started = 0;

  constructor(prisma: PrismaService) {
    this.handlers = {
      ping: async ({ pingId }) => {
        // A transaction that spans the moment the worker is told to stop, as a real job's would.
        await prisma.$transaction(
          async (tx) => {
            await tx.ping.update({ where: { id: pingId }, data: { status: 'processing' } });
            SlowPingProcessor.started += 1;
            await new Promise((resolve) => setTimeout(resolve, 800));
            await tx.ping.update({ where: { id: pingId }, data: { status: 'completed', result: 'drained', completedAt: new Date() } });
          },
          { timeout: 10_000 },
        );
      },
    };
  }
}

@Module({ providers: [SlowPingProcessor], exports: [SlowPingProcessor] })
class SlowModule {}

@Module({})
class DrainTestModule {
  static register(config: BaseConfig): DynamicModule {
    return {
      module: DrainTestModule,
      imports: [
        PlatformModule.forRoot({ service: 'drain-test', config, logger: captureLogs('drain-test').logger, queues: ['fraud-spine'] }),
        MessagingModule.forWorker({ imports: [SlowModule], processors: [SlowPingProcessor] }),
      ],
    };
  }
}

describe('worker shutdown', () => {
  it('lets a job that is running when the worker closes finish, with PostgreSQL still open to it', async () => {
    // Its own prefix, so that the spine tests' workers do not take this job.
    const config = parseConfig(baseConfigSchema, { ...process.env, REDIS_PREFIX: `${process.env['REDIS_PREFIX']}-drain` });
    const worker = await NestFactory.createApplicationContext(DrainTestModule.register(config), { logger: false, abortOnError: false });
    await worker.init();
    const prisma = worker.get(PrismaService);
    const tenant = `drain-${Date.now()}`;
    await prisma.tenant.create({ data: { id: tenant, name: tenant } });
    const ping = await prisma.ping.create({ data: { tenantId: tenant, service: 'drain-test', message: 'm', repeat: 1, status: 'queued' } });
    await worker.get(QueueProducer).enqueue('fraud-spine', 'ping', { pingId: ping.id, tenantId: tenant }, { jobId: ping.id });
    await eventually(async () => SlowPingProcessor.started > 0, 10_000, 20);

    await worker.close();

    const reader = new PrismaService(config);
    try {
      const stored = await reader.ping.findUnique({ where: { id: ping.id } });
      expect(stored).toMatchObject({ status: 'completed', result: 'drained' });
    } finally {
      await reader.$disconnect();
    }
  });
});
