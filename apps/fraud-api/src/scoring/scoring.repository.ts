import { Injectable } from '@nestjs/common';
import { type FraudTransaction, PrismaService } from '@mosaic/platform-database';
import type { StoredPayment } from '@mosaic/fraud';

/** A decision to record: every column of fraud_transactions the scoring path writes. */
export interface NewTransaction {
  tenantId: string;
  transactionId: string;
  accountId: string;
  deviceKey: string | null;
  occurredAt: Date;
  amount: number;
  currency: string;
  geoLat: number | null;
  geoLon: number | null;
  segment: string;
  features: unknown;
  score: number;
  decision: string;
  reviewThreshold: number;
  declineThreshold: number;
  thresholdsVersion: number;
  modelVersion: string;
  reasons: unknown;
  experts: unknown;
  shadowScores: unknown;
  degraded: boolean;
  latencyMs: number;
}

type PaymentRow = {
  accountId: string;
  deviceKey: string | null;
  occurredAt: Date;
  amount: number;
  geoLat: number | null;
  geoLon: number | null;
};

function toPayment(row: PaymentRow): StoredPayment {
  return {
    accountId: row.accountId,
    deviceKey: row.deviceKey,
    occurredAt: row.occurredAt.getTime(),
    amount: row.amount,
    geo: row.geoLat === null || row.geoLon === null ? null : { lat: row.geoLat, lon: row.geoLon },
  };
}

const PAYMENT_COLUMNS = 'account_id AS "accountId", device_key AS "deviceKey", occurred_at AS "occurredAt", amount, geo_lat AS "geoLat", geo_lon AS "geoLon"';

/**
 * Scored payments: the decision record, and the history behaviour state is rebuilt from. The three
 * statements of the hot path go straight to node-postgres as prepared statements (PrismaService.sql):
 * through Prisma, even as raw SQL, each cost about 1.2-1.5 ms of CPU more per payment on this machine.
 */
@Injectable()
export class TransactionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  find(tenantId: string, transactionId: string): Promise<FraudTransaction | null> {
    return this.prisma.fraudTransaction.findUnique({ where: { tenantId_transactionId: { tenantId, transactionId } } });
  }

  /** Writes a decision; false when the transaction id was already recorded (then nothing is written). */
  async insert(t: NewTransaction): Promise<boolean> {
    // JSON columns go as strings: node-postgres would turn a JS array into a PostgreSQL array literal.
    const { rowCount } = await this.prisma.sql(
      `INSERT INTO fraud_transactions (id, tenant_id, transaction_id, account_id, device_key, occurred_at, amount, currency, geo_lat, geo_lon,
         segment, features, score, decision, review_threshold, decline_threshold, thresholds_version, model_version, reasons, experts,
         shadow_scores, degraded, latency_ms)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14, $15, $16, $17, $18::jsonb, $19::jsonb, $20::jsonb, $21, $22)
       ON CONFLICT (tenant_id, transaction_id) DO NOTHING`,
      [
        t.tenantId,
        t.transactionId,
        t.accountId,
        t.deviceKey,
        t.occurredAt,
        t.amount,
        t.currency,
        t.geoLat,
        t.geoLon,
        t.segment,
        JSON.stringify(t.features),
        t.score,
        t.decision,
        t.reviewThreshold,
        t.declineThreshold,
        t.thresholdsVersion,
        t.modelVersion,
        JSON.stringify(t.reasons),
        JSON.stringify(t.experts),
        JSON.stringify(t.shadowScores),
        t.degraded,
        t.latencyMs,
      ],
      'fraud-insert-decision',
    );
    return rowCount === 1;
  }

  /** The most recent payments of an account, newest first, at most `limit`. */
  async paymentsOfAccount(tenantId: string, accountId: string, limit: number): Promise<StoredPayment[]> {
    const { rows } = await this.prisma.sql<PaymentRow>(
      `SELECT ${PAYMENT_COLUMNS} FROM fraud_transactions WHERE tenant_id = $1 AND account_id = $2 ORDER BY occurred_at DESC LIMIT $3`,
      [tenantId, accountId, limit],
      'fraud-payments-of-account',
    );
    return rows.map(toPayment);
  }

  async paymentsOfDevice(tenantId: string, deviceKey: string, limit: number): Promise<StoredPayment[]> {
    const { rows } = await this.prisma.sql<PaymentRow>(
      `SELECT ${PAYMENT_COLUMNS} FROM fraud_transactions WHERE tenant_id = $1 AND device_key = $2 ORDER BY occurred_at DESC LIMIT $3`,
      [tenantId, deviceKey, limit],
      'fraud-payments-of-device',
    );
    return rows.map(toPayment);
  }
}
