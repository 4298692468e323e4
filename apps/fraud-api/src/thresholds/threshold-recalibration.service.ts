import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@mosaic/platform-config';
import { Metrics } from '@mosaic/platform-observability';
import { DEFAULT_RECALIBRATION_GUARDRAILS, type RecalibrationGuardrails, recalibrateThresholds } from '@mosaic/fraud';
import type { FraudConfig } from '../config/fraud.config';
import { ThresholdsRepository } from './thresholds.repository';
import { ThresholdsService } from './thresholds.service';

export interface RecalibrationReport {
  tenantId: string;
  segment: string;
  moved: boolean;
  version: number;
  reason: string;
}

/**
 * The recalibration job's use case: for each tenant and segment with recent decisions, move the
 * thresholds toward the configured targets (within the guardrails) and store every move as a version.
 */
@Injectable()
export class ThresholdRecalibrationService {
  private readonly logger = new Logger(ThresholdRecalibrationService.name);
  private readonly guardrails: RecalibrationGuardrails;
  private readonly runs;

  constructor(
    private readonly versions: ThresholdsRepository,
    private readonly thresholds: ThresholdsService,
    @Inject(APP_CONFIG) private readonly config: FraudConfig,
    metrics: Metrics,
  ) {
    this.guardrails = {
      ...DEFAULT_RECALIBRATION_GUARDRAILS,
      minSamples: config.FRAUD_RECALIBRATION_MIN_SAMPLES,
      maxStep: config.FRAUD_RECALIBRATION_MAX_STEP,
      minGap: config.FRAUD_THRESHOLD_MIN_GAP,
    };
    this.runs = metrics.counter('fraud_threshold_recalibrations_total', 'Segment recalibrations by outcome', ['outcome']);
  }

  async recalibrate(tenantId?: string, now = new Date()): Promise<RecalibrationReport[]> {
    const since = new Date(now.getTime() - this.config.FRAUD_RECALIBRATION_WINDOW_HOURS * 3_600_000);
    const pairs = await this.versions.activeSegments(since, tenantId);
    const reports: RecalibrationReport[] = [];
    const byTenant = new Map<string, string[]>();
    for (const pair of pairs) byTenant.set(pair.tenantId, [...(byTenant.get(pair.tenantId) ?? []), pair.segment]);
    for (const [tenant, segments] of byTenant) {
      const current = await this.thresholds.current(tenant);
      for (const segment of segments) {
        const inForce = current.get(segment) ?? this.thresholds.defaults(segment);
        const samples = await this.versions.recentSamples(tenant, segment, since, this.config.FRAUD_RECALIBRATION_MAX_SAMPLES);
        const outcome = recalibrateThresholds(inForce, samples, this.thresholds.targets, this.guardrails);
        if (!outcome.moved) {
          this.runs.inc({ outcome: 'held' });
          reports.push({ tenantId: tenant, segment, moved: false, version: inForce.version, reason: outcome.reason });
          continue;
        }
        const row = await this.versions.appendOnTop({
          tenantId: tenant,
          segment,
          ...outcome.thresholds,
          trigger: 'recalibration',
          reason: outcome.reason,
          frozen: false,
          targets: { ...this.thresholds.targets },
          stats: { ...outcome.stats, stepLimited: outcome.stepLimited, windowHours: this.config.FRAUD_RECALIBRATION_WINDOW_HOURS },
        }, inForce.version);
        if (!row) {
          this.runs.inc({ outcome: 'superseded' });
          reports.push({ tenantId: tenant, segment, moved: false, version: inForce.version, reason: 'another version was written meanwhile' });
          continue;
        }
        this.runs.inc({ outcome: 'moved' });
        this.logger.log(
          { tenant, segment, version: row.version, review: row.review, decline: row.decline, samples: outcome.stats.samples },
          'thresholds recalibrated',
        );
        reports.push({ tenantId: tenant, segment, moved: true, version: row.version, reason: outcome.reason });
      }
    }
    return reports;
  }
}
