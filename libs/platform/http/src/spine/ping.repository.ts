import { Injectable } from '@nestjs/common';
import { PrismaService, type Ping } from '@mosaic/platform-database';

@Injectable()
export class PingRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(input: { tenantId: string; service: string; message: string; repeat: number }): Promise<Ping> {
    return this.prisma.ping.create({ data: { ...input, status: 'queued' } });
  }

  /** Scoped by tenant: another tenant's id reads as absent. */
  findForTenant(id: string, tenantId: string): Promise<Ping | null> {
    return this.prisma.ping.findFirst({ where: { id, tenantId } });
  }

  findById(id: string): Promise<Ping | null> {
    return this.prisma.ping.findUnique({ where: { id } });
  }

  /** Completes a ping once: a retried job finds it completed and writes nothing. */
  async complete(id: string, result: string): Promise<boolean> {
    const { count } = await this.prisma.ping.updateMany({
      where: { id, status: { not: 'completed' } },
      data: { status: 'completed', result, completedAt: new Date(), attempts: { increment: 1 } },
    });
    return count === 1;
  }

  async markFailed(id: string): Promise<void> {
    await this.prisma.ping.updateMany({ where: { id, status: { not: 'completed' } }, data: { status: 'failed' } });
  }
}
