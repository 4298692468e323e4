import { Injectable, NotFoundException } from '@nestjs/common';
import type { TelemetryAsset } from '@mosaic/platform-database';
import { AssetsRepository } from './assets.repository';
import type { AssetView, RegisterAsset } from './dto/asset.dto';

@Injectable()
export class AssetsService {
  constructor(private readonly assets: AssetsRepository) {}

  async register(tenantId: string, input: RegisterAsset): Promise<{ view: AssetView; created: boolean }> {
    const { asset, created } = await this.assets.upsert(tenantId, input);
    return { view: await this.view(asset), created };
  }

  async get(tenantId: string, assetId: string): Promise<AssetView> {
    return this.view(await this.require(tenantId, assetId));
  }

  /** The tenant's asset, or 404 (another tenant's asset reads as absent). */
  async require(tenantId: string, assetId: string): Promise<TelemetryAsset> {
    const asset = await this.assets.find(tenantId, assetId);
    if (!asset) throw new NotFoundException(`no asset ${assetId}`);
    return asset;
  }

  private async view(asset: TelemetryAsset): Promise<AssetView> {
    return {
      assetId: asset.assetId,
      name: asset.name,
      kind: asset.kind as AssetView['kind'],
      nominalRpm: asset.nominalRpm,
      alertWebhookUrl: asset.alertWebhookUrl,
      state: {
        label: asset.lastLabel,
        failureRisk: asset.lastFailureRisk,
        lastWindowAt: asset.lastWindowAt?.toISOString() ?? null,
        windowsPredicted: asset.windowsPredicted,
        openAlerts: await this.assets.countOpenAlerts(asset.id),
      },
      createdAt: asset.createdAt.toISOString(),
      updatedAt: asset.updatedAt.toISOString(),
    };
  }
}
