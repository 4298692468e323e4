import { Injectable, NotFoundException } from '@nestjs/common';
import { Metrics } from '@mosaic/platform-observability';
import { FeedbackRepository } from './feedback.repository';
import type { Feedback } from './dto/feedback.dto';

@Injectable()
export class FeedbackService {
  private readonly received;

  constructor(
    private readonly feedback: FeedbackRepository,
    metrics: Metrics,
  ) {
    this.received = metrics.counter('fraud_feedback_total', 'Feedback labels received, by label and source', ['label', 'source']);
  }

  /** Another tenant's transaction reads as absent (404), like one never scored. */
  async label(tenantId: string, transactionId: string, input: Feedback): Promise<void> {
    const recorded = await this.feedback.record({
      tenantId,
      transactionId,
      label: input.label,
      source: input.source,
      labelledAt: input.at ? new Date(input.at) : new Date(),
    });
    if (!recorded) throw new NotFoundException(`no scored transaction ${transactionId}`);
    this.received.inc({ label: input.label, source: input.source });
  }
}
