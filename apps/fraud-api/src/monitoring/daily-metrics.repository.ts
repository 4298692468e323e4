import { Injectable } from '@nestjs/common';
import { type FraudDailyMetric, PrismaService } from '@mosaic/platform-database';
import type { Confusion, DecisionQuality } from '@mosaic/fraud';

export interface DayCounts extends Confusion {
  tenantId: string;
  segment: string;
  day: Date;
  scored: number;
}

@Injectable()
export class DailyMetricsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Decisions per tenant, segment and UTC day of payment in [from, until), against their labels (a decline counts as flagged). */
  async countDays(from: Date, until: Date): Promise<DayCounts[]> {
    const rows = await this.prisma.$queryRaw<
      { tenantId: string; segment: string; day: Date; scored: bigint; tp: bigint; fp: bigint; tn: bigint; fn: bigint }[]
    >`
      SELECT tenant_id AS "tenantId", segment, (occurred_at AT TIME ZONE 'UTC')::date AS day, count(*) AS scored,
        count(*) FILTER (WHERE decision = 'decline' AND label = 'fraud') AS tp,
        count(*) FILTER (WHERE decision = 'decline' AND label = 'legitimate') AS fp,
        count(*) FILTER (WHERE decision <> 'decline' AND label = 'legitimate') AS tn,
        count(*) FILTER (WHERE decision <> 'decline' AND label = 'fraud') AS fn
      FROM fraud_transactions
      WHERE occurred_at >= ${from} AND occurred_at < ${until}
      GROUP BY 1, 2, 3`;
    return rows.map((r) => ({
      tenantId: r.tenantId,
      segment: r.segment,
      day: r.day,
      scored: Number(r.scored),
      truePositives: Number(r.tp),
      falsePositives: Number(r.fp),
      trueNegatives: Number(r.tn),
      falseNegatives: Number(r.fn),
    }));
  }

  async upsert(rows: readonly (DecisionQuality & { tenantId: string; segment: string; day: Date; scored: number })[]): Promise<void> {
    await this.prisma.$transaction(
      rows.map(({ tenantId, segment, day, ...values }) => {
        const data = {
          scored: values.scored,
          labelled: values.labelled,
          truePositives: values.truePositives,
          falsePositives: values.falsePositives,
          trueNegatives: values.trueNegatives,
          falseNegatives: values.falseNegatives,
          precision: values.precision,
          recall: values.recall,
          falsePositiveRate: values.falsePositiveRate,
          computedAt: new Date(),
        };
        return this.prisma.fraudDailyMetric.upsert({
          where: { tenantId_segment_day: { tenantId, segment, day } },
          create: { tenantId, segment, day, ...data },
          update: data,
        });
      }),
    );
  }

  since(day: Date): Promise<FraudDailyMetric[]> {
    return this.prisma.fraudDailyMetric.findMany({ where: { day: { gte: day } } });
  }
}
