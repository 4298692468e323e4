import { BadRequestException, Inject, Injectable, Logger } from '@nestjs/common';
import type { FraudThresholdVersion } from '@mosaic/platform-database';
import { APP_CONFIG } from '@mosaic/platform-config';
import { describeError } from '@mosaic/platform-observability';
import { CHANNELS, type ThresholdTargets } from '@mosaic/fraud';
import type { FraudConfig } from '../config/fraud.config';
import { ThresholdsRepository } from './thresholds.repository';
import type { SetThresholds, ThresholdsView } from './dto/thresholds.dto';

export const SEGMENTS = [...CHANNELS, 'unknown'] as const;

/** The thresholds a segment decides with, and where they came from. */
export interface ThresholdsInForce {
  segment: string;
  review: number;
  decline: number;
  /** 0 for the configured defaults. */
  version: number;
  frozen: boolean;
  trigger: 'default' | 'recalibration' | 'manual';
  reason: string;
  targets: ThresholdTargets;
  updatedAt: Date | null;
}

interface TenantEntry {
  loadedAt: number;
  segments: Map<string, ThresholdsInForce>;
  refreshing: Promise<TenantEntry> | null;
}

/**
 * The thresholds in force per tenant and segment. The scoring path reads them from memory, refreshed
 * from PostgreSQL in the background once older than FRAUD_THRESHOLD_REFRESH_MS, so a version written by
 * the recalibration job (in another process) is picked up within that time, without a restart.
 */
@Injectable()
export class ThresholdsService {
  private readonly logger = new Logger(ThresholdsService.name);
  private readonly cache = new Map<string, TenantEntry>();

  constructor(
    private readonly versions: ThresholdsRepository,
    @Inject(APP_CONFIG) private readonly config: FraudConfig,
  ) {}

  get targets(): ThresholdTargets {
    return { reviewRate: this.config.FRAUD_TARGET_REVIEW_RATE, falsePositiveRate: this.config.FRAUD_TARGET_FALSE_POSITIVE_RATE };
  }

  defaults(segment: string): ThresholdsInForce {
    return {
      segment,
      review: this.config.FRAUD_DEFAULT_REVIEW_THRESHOLD,
      decline: this.config.FRAUD_DEFAULT_DECLINE_THRESHOLD,
      version: 0,
      frozen: false,
      trigger: 'default',
      reason: 'configured defaults (FRAUD_DEFAULT_REVIEW_THRESHOLD, FRAUD_DEFAULT_DECLINE_THRESHOLD)',
      targets: this.targets,
      updatedAt: null,
    };
  }

  /** For the scoring path: from memory when fresh enough; a stale entry answers while it refreshes. */
  async inForce(tenantId: string, segment: string): Promise<ThresholdsInForce> {
    let entry = this.cache.get(tenantId);
    if (!entry) entry = await this.load(tenantId);
    else if (Date.now() - entry.loadedAt > this.config.FRAUD_THRESHOLD_REFRESH_MS && !entry.refreshing) {
      entry.refreshing = this.load(tenantId).catch((error: unknown) => {
        this.logger.warn({ error: describeError(error) }, 'could not refresh thresholds; keeping the ones in memory');
        if (entry) entry.refreshing = null;
        return entry as TenantEntry;
      });
    }
    return entry.segments.get(segment) ?? this.defaults(segment);
  }

  /** Straight from PostgreSQL (the recalibration job and the admin routes must not act on a stale view). */
  async current(tenantId: string): Promise<Map<string, ThresholdsInForce>> {
    return (await this.load(tenantId)).segments;
  }

  async view(tenantId: string): Promise<ThresholdsView> {
    const segments = await this.current(tenantId);
    return {
      segments: SEGMENTS.map((segment) => present(segments.get(segment) ?? this.defaults(segment))),
      recalibration: {
        everyMs: this.config.FRAUD_RECALIBRATION_EVERY_MS,
        windowHours: this.config.FRAUD_RECALIBRATION_WINDOW_HOURS,
        minSamples: this.config.FRAUD_RECALIBRATION_MIN_SAMPLES,
        maxStep: this.config.FRAUD_RECALIBRATION_MAX_STEP,
      },
    };
  }

  async history(tenantId: string, segment: string | undefined, limit: number) {
    const rows = await this.versions.history(tenantId, segment, limit);
    return { versions: rows.map((row) => ({ ...present(fromRow(row)), stats: row.stats as Record<string, unknown> })) };
  }

  /** An operator's setting: new values and/or a freeze, stored as a version with its reason. */
  async set(tenantId: string, segment: string, input: SetThresholds) {
    const current = (await this.current(tenantId)).get(segment) ?? this.defaults(segment);
    const review = input.review ?? current.review;
    const decline = input.decline ?? current.decline;
    if (review >= decline) throw new BadRequestException(`review (${review}) must be below decline (${decline})`);
    const row = await this.versions.append({
      tenantId,
      segment,
      review,
      decline,
      frozen: input.frozen ?? current.frozen,
      trigger: 'manual',
      reason: input.reason,
      targets: { ...this.targets },
    });
    this.cache.delete(tenantId);
    this.logger.log({ tenant: tenantId, segment, version: row.version, frozen: row.frozen }, 'thresholds set by an operator');
    return present(fromRow(row));
  }

  private async load(tenantId: string): Promise<TenantEntry> {
    const rows = await this.versions.latest(tenantId);
    const entry: TenantEntry = { loadedAt: Date.now(), segments: new Map(rows.map((row) => [row.segment, fromRow(row)])), refreshing: null };
    this.cache.set(tenantId, entry);
    return entry;
  }
}

function fromRow(row: FraudThresholdVersion): ThresholdsInForce {
  return {
    segment: row.segment,
    review: row.review,
    decline: row.decline,
    version: row.version,
    frozen: row.frozen,
    trigger: row.trigger as ThresholdsInForce['trigger'],
    reason: row.reason,
    targets: row.targets as unknown as ThresholdTargets,
    updatedAt: row.createdAt,
  };
}

function present(t: ThresholdsInForce) {
  return { ...t, updatedAt: t.updatedAt?.toISOString() ?? null };
}
