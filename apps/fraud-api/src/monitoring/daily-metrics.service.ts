import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@mosaic/platform-config';
import { decisionQuality, emptyConfusion, type Confusion } from '@mosaic/fraud';
import type { FraudConfig } from '../config/fraud.config';
import { DailyMetricsRepository } from './daily-metrics.repository';

const DAY_MS = 86_400_000;

export interface QualityByTenantSegment {
  tenantId: string;
  segment: string;
  scored: number;
  quality: ReturnType<typeof decisionQuality>;
}

/**
 * Decision quality from the labels: precision, recall and false-positive rate of declines, per tenant,
 * segment and day. Labels arrive late (chargebacks take weeks), so each run recomputes the whole
 * look-back window rather than only yesterday.
 */
@Injectable()
export class DailyMetricsService {
  private readonly logger = new Logger(DailyMetricsService.name);

  constructor(
    private readonly days: DailyMetricsRepository,
    @Inject(APP_CONFIG) private readonly config: FraudConfig,
  ) {}

  /** Recomputes the days up to and including `until` (UTC date; yesterday by default). */
  async compute(until?: string, now = new Date()): Promise<number> {
    const lastDay = until ? Date.parse(`${until}T00:00:00Z`) : Math.floor(now.getTime() / DAY_MS) * DAY_MS - DAY_MS;
    const from = new Date(lastDay - (this.config.FRAUD_METRICS_LOOKBACK_DAYS - 1) * DAY_MS);
    const counts = await this.days.countDays(from, new Date(lastDay + DAY_MS));
    await this.days.upsert(counts.map((c) => ({ tenantId: c.tenantId, segment: c.segment, day: c.day, scored: c.scored, ...decisionQuality(c) })));
    this.logger.log({ from: from.toISOString().slice(0, 10), days: counts.length }, 'daily decision metrics computed');
    return counts.length;
  }

  /** The look-back window summed per tenant and segment, for the gauges. */
  async window(now = new Date()): Promise<QualityByTenantSegment[]> {
    const since = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - this.config.FRAUD_METRICS_LOOKBACK_DAYS * DAY_MS);
    const sums = new Map<string, { tenantId: string; segment: string; scored: number; confusion: Confusion }>();
    for (const row of await this.days.since(since)) {
      const key = `${row.tenantId}\u0000${row.segment}`;
      const sum = sums.get(key) ?? { tenantId: row.tenantId, segment: row.segment, scored: 0, confusion: emptyConfusion() };
      sum.scored += row.scored;
      sum.confusion.truePositives += row.truePositives;
      sum.confusion.falsePositives += row.falsePositives;
      sum.confusion.trueNegatives += row.trueNegatives;
      sum.confusion.falseNegatives += row.falseNegatives;
      sums.set(key, sum);
    }
    return [...sums.values()].map((s) => ({ tenantId: s.tenantId, segment: s.segment, scored: s.scored, quality: decisionQuality(s.confusion) }));
  }
}
