import { Injectable, Logger } from '@nestjs/common';
import { Metrics, describeError } from '@mosaic/platform-observability';
import { DailyMetricsService } from './daily-metrics.service';

/** Re-reading the table on every scrape would be waste: it changes once a day. */
const REFRESH_MS = 60_000;

/** Exposes the daily job's precision, recall and false-positive rate (over the look-back window) on /metrics. */
@Injectable()
export class DecisionQualityGauges {
  private readonly logger = new Logger(DecisionQualityGauges.name);
  private refreshedAt = 0;

  constructor(metrics: Metrics, daily: DailyMetricsService) {
    const labels = ['tenant', 'segment'] as const;
    const precision = metrics.gauge('fraud_decision_precision', 'Share of labelled declines that were fraud, over the metrics look-back window', labels);
    const recall = metrics.gauge('fraud_decision_recall', 'Share of labelled frauds that were declined, over the metrics look-back window', labels);
    const fpr = metrics.gauge('fraud_decision_false_positive_rate', 'Share of labelled legitimate payments that were declined, over the metrics look-back window', labels);
    const labelled = metrics.gauge('fraud_decisions_labelled', 'Labelled decisions in the metrics look-back window', labels);
    metrics.onScrape(async () => {
      if (Date.now() - this.refreshedAt < REFRESH_MS) return;
      this.refreshedAt = Date.now();
      try {
        for (const { tenantId, segment, quality } of await daily.window()) {
          const at = { tenant: tenantId, segment };
          labelled.set(at, quality.labelled);
          if (quality.precision !== null) precision.set(at, quality.precision);
          if (quality.recall !== null) recall.set(at, quality.recall);
          if (quality.falsePositiveRate !== null) fpr.set(at, quality.falsePositiveRate);
        }
      } catch (error) {
        this.logger.warn({ error: describeError(error) }, 'could not read decision quality metrics');
      }
    });
  }
}
