import { Injectable } from '@nestjs/common';
import { PrismaService } from '@mosaic/platform-database';

export interface StoredApiKey {
  id: string;
  tenantId: string;
  prefix: string;
  secretHash: string;
  scopes: string[];
  label: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

@Injectable()
export class ApiKeyRepository {
  constructor(private readonly prisma: PrismaService) {}

  findByPrefix(prefix: string): Promise<StoredApiKey | null> {
    return this.prisma.apiKey.findUnique({ where: { prefix } });
  }

  async create(input: { tenantId: string; tenantName: string; prefix: string; secretHash: string; scopes: string[]; label?: string }): Promise<StoredApiKey> {
    return this.prisma.$transaction(async (tx) => {
      await tx.tenant.upsert({ where: { id: input.tenantId }, create: { id: input.tenantId, name: input.tenantName }, update: {} });
      return tx.apiKey.create({
        data: { tenantId: input.tenantId, prefix: input.prefix, secretHash: input.secretHash, scopes: input.scopes, label: input.label },
      });
    });
  }

  list(tenantId?: string): Promise<StoredApiKey[]> {
    return this.prisma.apiKey.findMany({ where: tenantId ? { tenantId } : {}, orderBy: { createdAt: 'asc' } });
  }

  async revoke(prefix: string): Promise<boolean> {
    const { count } = await this.prisma.apiKey.updateMany({ where: { prefix, revokedAt: null }, data: { revokedAt: new Date() } });
    return count > 0;
  }

  async touch(id: string): Promise<void> {
    await this.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: new Date() } });
  }
}
