import { Injectable } from '@nestjs/common';
import { PrismaService } from '@mosaic/platform-database';

export interface NewFeedback {
  tenantId: string;
  transactionId: string;
  label: 'fraud' | 'legitimate';
  source: string;
  labelledAt: Date;
}

@Injectable()
export class FeedbackRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Keeps the label and makes it the transaction's label unless a later one is already there (labels
   * can arrive out of order: a customer's word, then the chargeback). False when no such transaction.
   */
  async record(feedback: NewFeedback): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const where = { tenantId_transactionId: { tenantId: feedback.tenantId, transactionId: feedback.transactionId } };
      const scored = await tx.fraudTransaction.findUnique({ where, select: { labelledAt: true } });
      if (!scored) return false;
      await tx.fraudFeedback.create({ data: feedback });
      if (!scored.labelledAt || scored.labelledAt <= feedback.labelledAt) {
        await tx.fraudTransaction.update({ where, data: { label: feedback.label, labelledAt: feedback.labelledAt } });
      }
      return true;
    });
  }
}
