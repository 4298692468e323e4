import { Injectable } from '@nestjs/common';
import { PrismaService, isUniqueViolation, type TelemetryAsset } from '@mosaic/platform-database';
import type { RegisterAsset } from './dto/asset.dto';

@Injectable()
export class AssetsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Creates the asset or updates the fields given; returns whether it was created. */
  async upsert(tenantId: string, input: RegisterAsset): Promise<{ asset: TelemetryAsset; created: boolean }> {
    const fields = {
      name: input.name,
      kind: input.kind,
      nominalRpm: input.nominalRpm,
      alertWebhookUrl: input.alertWebhookUrl,
    };
    const where = { tenantId_assetId: { tenantId, assetId: input.assetId } };
    const existing = await this.prisma.telemetryAsset.findUnique({ where });
    if (existing) return { asset: await this.prisma.telemetryAsset.update({ where, data: fields }), created: false };
    try {
      return { asset: await this.prisma.telemetryAsset.create({ data: { tenantId, assetId: input.assetId, ...fields } }), created: true };
    } catch (error) {
      // Two registrations of the same new id raced: the loser updates what the winner created.
      if (isUniqueViolation(error)) return { asset: await this.prisma.telemetryAsset.update({ where, data: fields }), created: false };
      throw error;
    }
  }

  find(tenantId: string, assetId: string): Promise<TelemetryAsset | null> {
    return this.prisma.telemetryAsset.findUnique({ where: { tenantId_assetId: { tenantId, assetId } } });
  }

  countOpenAlerts(assetRowId: string): Promise<number> {
    return this.prisma.telemetryAlert.count({ where: { assetRowId, status: 'open' } });
  }
}
