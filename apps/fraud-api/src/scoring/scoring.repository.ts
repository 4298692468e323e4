import { Injectable } from '@nestjs/common';
import { type FraudTransaction, Prisma, PrismaService, isUniqueViolation } from '@mosaic/platform-database';
import type { StoredPayment } from '@mosaic/fraud';

export type NewTransaction = Omit<Prisma.FraudTransactionUncheckedCreateInput, 'id' | 'createdAt' | 'label' | 'labelledAt'>;

const PAYMENT_COLUMNS = { accountId: true, deviceKey: true, occurredAt: true, amount: true, geoLat: true, geoLon: true } as const;

type PaymentRow = Pick<FraudTransaction, keyof typeof PAYMENT_COLUMNS>;

function toPayment(row: PaymentRow): StoredPayment {
  return {
    accountId: row.accountId,
    deviceKey: row.deviceKey,
    occurredAt: row.occurredAt.getTime(),
    amount: row.amount,
    geo: row.geoLat === null || row.geoLon === null ? null : { lat: row.geoLat, lon: row.geoLon },
  };
}

/** Scored payments: the decision record, and the history behaviour state is rebuilt from. */
@Injectable()
export class TransactionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  find(tenantId: string, transactionId: string): Promise<FraudTransaction | null> {
    return this.prisma.fraudTransaction.findUnique({ where: { tenantId_transactionId: { tenantId, transactionId } } });
  }

  /** Writes a decision; null when the transaction id was recorded meanwhile (a concurrent duplicate). */
  async insert(data: NewTransaction): Promise<FraudTransaction | null> {
    try {
      return await this.prisma.fraudTransaction.create({ data });
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /** The most recent payments of an account, newest first, at most `limit`. */
  async paymentsOfAccount(tenantId: string, accountId: string, limit: number): Promise<StoredPayment[]> {
    const rows = await this.prisma.fraudTransaction.findMany({
      where: { tenantId, accountId },
      orderBy: { occurredAt: 'desc' },
      take: limit,
      select: PAYMENT_COLUMNS,
    });
    return rows.map(toPayment);
  }

  async paymentsOfDevice(tenantId: string, deviceKey: string, limit: number): Promise<StoredPayment[]> {
    const rows = await this.prisma.fraudTransaction.findMany({
      where: { tenantId, deviceKey },
      orderBy: { occurredAt: 'desc' },
      take: limit,
      select: PAYMENT_COLUMNS,
    });
    return rows.map(toPayment);
  }
}
