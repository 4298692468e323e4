import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@mosaic/platform-config';
import type { FraudTransaction } from '@mosaic/platform-database';
import { Metrics, describeError } from '@mosaic/platform-observability';
import {
  type Decision,
  type FraudFeatures,
  type Reason,
  type ScoreRequest,
  applyTransaction,
  buildFeatures,
  buildOcclusionBatch,
  decide,
  explainScores,
  segmentOf,
  storedPaymentOf,
} from '@mosaic/fraud';
import { BehaviourStateStore } from './behaviour-state.store';
import { FraudModelService } from './fraud-model.service';
import { type NewTransaction, TransactionsRepository } from './scoring.repository';
import { ThresholdsService, type ThresholdsInForce } from '../thresholds/thresholds.service';
import type { ScoreResponse } from './dto/score-response.dto';
import type { FraudConfig } from '../config/fraud.config';

export interface ShadowScore {
  modelVersion: string;
  score: number;
  /** What the shadow would have decided under the same thresholds; it decides nothing. */
  decision: Decision;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** The steps of scoring a payment, timed apart so that a slow answer says where its time went. */
type Stage = 'state' | 'features' | 'inference' | 'record';

type DecisionRecord = Pick<
  NewTransaction,
  'transactionId' | 'score' | 'decision' | 'reviewThreshold' | 'declineThreshold' | 'thresholdsVersion' | 'segment' | 'reasons' | 'experts' | 'modelVersion' | 'latencyMs' | 'degraded'
>;

/** The decision, as the contract answers it (a repeated transaction id gets exactly this from its row). */
export function responseOf(row: DecisionRecord): ScoreResponse {
  return {
    transactionId: row.transactionId,
    score: row.score,
    decision: row.decision as Decision,
    thresholds: { review: row.reviewThreshold, decline: row.declineThreshold, version: row.thresholdsVersion, segment: row.segment },
    reasons: row.reasons as unknown as ScoreResponse['reasons'],
    experts: row.experts as unknown as ScoreResponse['experts'],
    modelVersion: row.modelVersion,
    latencyMs: row.latencyMs,
    degraded: row.degraded,
  };
}

/**
 * The hot path: features from the account's behaviour state, one batched inference call for the score
 * and its occlusion reasons (and a shadow version beside it), the thresholds in force, and the
 * decision persisted in PostgreSQL before the state moves on and before anyone is answered.
 */
@Injectable()
export class ScoringService {
  private readonly logger = new Logger(ScoringService.name);
  private readonly decisions;
  private readonly replays;
  private readonly shadowAgreement;
  private readonly stageSeconds: Record<Stage, { observe(seconds: number): void }>;

  constructor(
    private readonly model: FraudModelService,
    private readonly states: BehaviourStateStore,
    private readonly transactions: TransactionsRepository,
    private readonly thresholds: ThresholdsService,
    @Inject(APP_CONFIG) private readonly config: FraudConfig,
    metrics: Metrics,
  ) {
    this.decisions = metrics.counter('fraud_decisions_total', 'Decisions made, by decision and segment', ['decision', 'segment']);
    this.replays = metrics.counter('fraud_idempotent_replays_total', 'Score requests answered with the stored decision of the same transaction id');
    this.shadowAgreement = metrics.counter('fraud_shadow_decisions_total', 'Shadow model decisions, by agreement with the deciding model', ['agreement']);
    const stages = metrics.histogram(
      'fraud_scoring_stage_seconds',
      'Time per step of scoring a payment: state (behaviour-state locks and read), features (features, thresholds, occlusion rows), inference, record (reasons and the PostgreSQL insert with its commit)',
      ['stage'],
      [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
    );
    const bound = (stage: Stage) => stages.labels({ stage });
    this.stageSeconds = { state: bound('state'), features: bound('features'), inference: bound('inference'), record: bound('record') };
  }

  /** Observes the time since `from` as `stage`; returns now, the next stage's start. */
  private lap(stage: Stage, from: number): number {
    const now = performance.now();
    this.stageSeconds[stage].observe((now - from) / 1000);
    return now;
  }

  async score(tenantId: string, request: ScoreRequest): Promise<ScoreResponse> {
    const started = performance.now();
    // Same account, same lease: concurrent payments of an account take turns. A repeated transaction id
    // is found by the insert's unique key rather than by a look-up first: one round trip less on every
    // payment, and the rare repeat pays for a wasted inference instead.
    const lease = await this.states.acquire(tenantId, request);
    let lapped = this.lap('state', started);
    try {
      const features = buildFeatures(request, lease.state);
      const segment = segmentOf(features.facts.channel);
      const thresholds = await this.thresholds.inForce(tenantId, segment);
      const occlusion = buildOcclusionBatch(features);
      lapped = this.lap('features', lapped);
      const [scored, shadow] = await Promise.all([this.model.score(occlusion.inputs), this.shadowScore(features, thresholds)]);
      lapped = this.lap('inference', lapped);
      // Unrounded: a sharply calibrated model puts most legitimate scores far below 1e-6.
      const score = scored.scores[0] as number;
      const decision = decide(score, thresholds);
      // A reason that moved the score by less than the precision we report is no reason.
      const reasons = explainScores(occlusion, scored.scores, this.config.FRAUD_REASONS_LIMIT)
        .map((r: Reason) => ({ ...r, contribution: round(r.contribution, 4) }))
        .filter((r) => r.contribution > 0);
      const routing = scored.routing[0] ?? { experts: [], weights: [] };
      const experts = routing.experts.map((expert, i) => ({ expert, weight: round(routing.weights[i] ?? 0, 4) }));
      const payment = storedPaymentOf(request);

      const record: NewTransaction = {
        tenantId,
        transactionId: request.transactionId,
        accountId: payment.accountId,
        deviceKey: payment.deviceKey,
        occurredAt: new Date(payment.occurredAt),
        amount: request.amount,
        currency: request.currency,
        geoLat: payment.geo?.lat ?? null,
        geoLon: payment.geo?.lon ?? null,
        segment,
        features: features.facts,
        score,
        decision,
        reviewThreshold: thresholds.review,
        declineThreshold: thresholds.decline,
        thresholdsVersion: thresholds.version,
        modelVersion: scored.modelVersion,
        reasons,
        experts,
        shadowScores: shadow,
        degraded: lease.degraded,
        latencyMs: round(performance.now() - started, 3),
      };
      const inserted = await this.transactions.insert(record);
      this.lap('record', lapped);
      // Scored before (or concurrently, under another account): the stored decision stands, the state stays.
      if (!inserted) return this.replay(await this.stored(tenantId, request.transactionId));

      // The answer does not wait for Redis: the lease keeps the account's and device's locks until the new
      // state is stored, so their next payment still sees this one (and a failed write drops the state for a rebuild).
      void lease.commit(applyTransaction(lease.state, request));
      this.decisions.inc({ decision, segment });
      for (const other of shadow) this.shadowAgreement.inc({ agreement: other.decision === decision ? 'same' : 'different' });
      return responseOf(record);
    } finally {
      await lease.release();
    }
  }

  private replay(row: FraudTransaction): ScoreResponse {
    this.replays.inc();
    return responseOf(row);
  }

  private async stored(tenantId: string, transactionId: string): Promise<FraudTransaction> {
    const row = await this.transactions.find(tenantId, transactionId);
    if (!row) throw new Error(`transaction ${transactionId} conflicted on insert but cannot be read back`);
    return row;
  }

  /** The shadow version's view of the same payment; never allowed to fail or slow the decision beyond the main call. */
  private async shadowScore(features: FraudFeatures, thresholds: ThresholdsInForce): Promise<ShadowScore[]> {
    try {
      const shadow = await this.model.shadow([features]);
      if (!shadow) return [];
      const score = shadow.scores[0] as number;
      return [{ modelVersion: shadow.modelVersion, score, decision: decide(score, thresholds) }];
    } catch (error) {
      this.logger.warn({ error: describeError(error) }, 'shadow model failed; the decision stands without it');
      return [];
    }
  }
}
