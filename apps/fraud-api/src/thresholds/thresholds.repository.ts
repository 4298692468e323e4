import { Injectable } from '@nestjs/common';
import { type FraudThresholdVersion, Prisma, PrismaService, isUniqueViolation } from '@mosaic/platform-database';
import type { FeedbackLabel, ScoredSample } from '@mosaic/fraud';

export interface NewThresholdVersion {
  tenantId: string;
  segment: string;
  review: number;
  decline: number;
  trigger: 'recalibration' | 'manual';
  reason: string;
  frozen: boolean;
  targets: Prisma.InputJsonValue;
  stats?: Prisma.InputJsonValue;
}

@Injectable()
export class ThresholdsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The newest version of each segment of a tenant. */
  async latest(tenantId: string): Promise<FraudThresholdVersion[]> {
    return this.prisma.$queryRaw<FraudThresholdVersion[]>`
      SELECT DISTINCT ON (segment) id, tenant_id AS "tenantId", segment, version, review, decline, trigger, reason, frozen, targets, stats, created_at AS "createdAt"
      FROM fraud_threshold_versions WHERE tenant_id = ${tenantId} ORDER BY segment, version DESC`;
  }

  history(tenantId: string, segment: string | undefined, limit: number): Promise<FraudThresholdVersion[]> {
    return this.prisma.fraudThresholdVersion.findMany({
      where: { tenantId, ...(segment ? { segment } : {}) },
      orderBy: [{ createdAt: 'desc' }, { version: 'desc' }],
      take: limit,
    });
  }

  /** Appends the next version of a segment (an operator's setting always lands). */
  async append(input: NewThresholdVersion): Promise<FraudThresholdVersion> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.create(input, (await this.latestVersion(input)) + 1);
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= 3) throw error;
      }
    }
  }

  /**
   * Appends the next version only on top of `expectedVersion`, else null: a recalibration computed
   * before an operator's freeze must not undo it.
   */
  async appendOnTop(input: NewThresholdVersion, expectedVersion: number): Promise<FraudThresholdVersion | null> {
    if ((await this.latestVersion(input)) !== expectedVersion) return null;
    try {
      return await this.create(input, expectedVersion + 1);
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  private async latestVersion(input: { tenantId: string; segment: string }): Promise<number> {
    const previous = await this.prisma.fraudThresholdVersion.findFirst({
      where: { tenantId: input.tenantId, segment: input.segment },
      orderBy: { version: 'desc' },
      select: { version: true },
    });
    return previous?.version ?? 0;
  }

  private create(input: NewThresholdVersion, version: number): Promise<FraudThresholdVersion> {
    return this.prisma.fraudThresholdVersion.create({ data: { ...input, version } });
  }

  /** Scores and labels of a segment's decisions since `since`, newest first, at most `limit`. */
  async recentSamples(tenantId: string, segment: string, since: Date, limit: number): Promise<ScoredSample[]> {
    const rows = await this.prisma.fraudTransaction.findMany({
      where: { tenantId, segment, createdAt: { gte: since } },
      orderBy: { createdAt: 'desc' },
      take: limit,
      select: { score: true, label: true },
    });
    return rows.map((r) => ({ score: r.score, label: r.label as FeedbackLabel | null }));
  }

  /** Tenant and segment pairs with decisions since `since` (optionally of one tenant). */
  async activeSegments(since: Date, tenantId?: string): Promise<{ tenantId: string; segment: string }[]> {
    const rows = await this.prisma.fraudTransaction.groupBy({
      by: ['tenantId', 'segment'],
      where: { createdAt: { gte: since }, ...(tenantId ? { tenantId } : {}) },
    });
    return rows.map((r) => ({ tenantId: r.tenantId, segment: r.segment }));
  }
}
