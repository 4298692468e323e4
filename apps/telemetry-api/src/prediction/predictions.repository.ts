import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, type TelemetryPrediction } from '@mosaic/platform-database';
import type { AssetRiskTrack, Fault, FaultRiskState, WindowRisk } from '@mosaic/telemetry';

export interface WindowRow {
  probabilities: ArrayLike<number>;
  failureRisk: number;
  windowIndex: number;
  windowStart: Date;
  label: string;
  experts: number[];
  expertWeights: number[];
}

export interface BatchResults {
  batchId: string;
  tenantId: string;
  assetRowId: string;
  labels: readonly string[];
  modelVersion: string;
  windows: WindowRow[];
}

/** The alert hysteresis as a pure step: the stored states and the new windows in, the track out. */
export type RiskTracker = (states: Partial<Record<Fault, FaultRiskState>>, windows: readonly WindowRisk[]) => AssetRiskTrack;

export interface CommitOutcome {
  /** False when an earlier attempt had already stored the batch (a retried job). */
  stored: boolean;
  opened: number;
  closed: number;
}

const OPEN = 'open';

/** A batch queued longer ago than this no longer holds back the alert track (it is stuck or failing). */
const IN_FLIGHT_HORIZON_MS = 10 * 60 * 1000;

@Injectable()
export class PredictionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Stores a batch's window predictions and completes the batch, then advances the asset's alert
   * hysteresis over every stored window not tracked yet, in time order, up to the first batch of the
   * asset still in flight (so that batches finishing out of order are tracked in order), opening or
   * closing alerts with a webhook delivery each when the asset has a URL. One transaction, under the
   * asset's row lock. A batch already completed is left alone and (batch, window) is unique, so a job
   * retried after a crash stores its predictions exactly once.
   */
  async commitBatch(results: BatchResults, track: RiskTracker): Promise<CommitOutcome> {
    return this.prisma.$transaction(
      async (tx) => {
        const [asset] = await tx.$queryRaw<{ alert_webhook_url: string | null; last_window_at: Date | null }[]>`
          SELECT alert_webhook_url, last_window_at FROM telemetry_assets WHERE id = ${results.assetRowId}::uuid FOR UPDATE`;
        const batch = await tx.telemetryBatch.findUnique({ where: { id: results.batchId }, select: { status: true } });
        if (!asset || !batch || batch.status === 'completed') return { stored: false, opened: 0, closed: 0 };

        const { count } = await tx.telemetryPrediction.createMany({
          data: results.windows.map((w) => ({
            tenantId: results.tenantId,
            assetRowId: results.assetRowId,
            batchId: results.batchId,
            windowIndex: w.windowIndex,
            windowStart: w.windowStart,
            label: w.label,
            probabilities: Array.from(w.probabilities),
            labels: [...results.labels],
            failureRisk: w.failureRisk,
            experts: w.experts,
            expertWeights: w.expertWeights,
            modelVersion: results.modelVersion,
          })),
          skipDuplicates: true,
        });
        await tx.telemetryBatch.update({
          where: { id: results.batchId },
          data: { status: 'completed', completedAt: new Date(), modelVersion: results.modelVersion, windows: results.windows.length },
        });

        const { opened, closed } = await this.advanceAlerts(tx, results, asset.alert_webhook_url, track);

        const last = results.windows.at(-1);
        const assetUpdate: Prisma.TelemetryAssetUpdateInput = { windowsPredicted: { increment: count } };
        if (last && (!asset.last_window_at || last.windowStart > asset.last_window_at)) {
          Object.assign(assetUpdate, { lastLabel: last.label, lastFailureRisk: last.failureRisk, lastWindowAt: last.windowStart });
        }
        await tx.telemetryAsset.update({ where: { id: results.assetRowId }, data: assetUpdate });
        return { stored: true, opened, closed };
      },
      { maxWait: 5_000, timeout: 30_000 },
    );
  }

  private async advanceAlerts(tx: Prisma.TransactionClient, results: BatchResults, webhookUrl: string | null, track: RiskTracker): Promise<{ opened: number; closed: number }> {
    const { assetRowId, tenantId } = results;
    const stateRows = await tx.telemetryRiskState.findMany({ where: { assetRowId } });
    const states = Object.fromEntries(stateRows.map((r) => [r.fault, { smoothedRisk: r.smoothedRisk, streak: r.streak, open: r.open }]));
    const trackedUntil = stateRows.reduce<Date | null>((latest, r) => (r.lastWindowAt && (!latest || r.lastWindowAt > latest) ? r.lastWindowAt : latest), null);
    const inFlight = await tx.telemetryBatch.findFirst({
      where: { assetRowId, status: { in: ['queued', 'processing'] }, createdAt: { gt: new Date(Date.now() - IN_FLIGHT_HORIZON_MS) } },
      orderBy: { startedAt: 'asc' },
      select: { startedAt: true },
    });
    const windows = await tx.telemetryPrediction.findMany({
      where: { assetRowId, windowStart: { gt: trackedUntil ?? undefined, lt: inFlight?.startedAt } },
      orderBy: [{ windowStart: 'asc' }, { id: 'asc' }],
      select: { id: true, batchId: true, windowStart: true, probabilities: true, failureRisk: true },
    });
    if (windows.length === 0) return { opened: 0, closed: 0 };
    const tracked = track(states, windows);
    const ids = windows.map((w) => w.id);
    const smoothed = windows.map((_, i) => tracked.smoothedRisk[i] ?? null);
    await tx.$executeRaw`
      UPDATE telemetry_predictions AS p SET smoothed_risk = v.smoothed
      FROM (SELECT unnest(${ids}::bigint[]) AS id, unnest(${smoothed}::float8[]) AS smoothed) AS v
      WHERE p.id = v.id`;
    const newest = (windows[windows.length - 1] as (typeof windows)[number]).windowStart;
    for (const [fault, state] of Object.entries(tracked.states)) {
      const data = { smoothedRisk: state.smoothedRisk, streak: state.streak, open: state.open, lastWindowAt: newest };
      await tx.telemetryRiskState.upsert({ where: { assetRowId_fault: { assetRowId, fault } }, create: { assetRowId, fault, ...data }, update: data });
    }

    let opened = 0;
    let closed = 0;
    for (const event of tracked.events) {
      const window = windows[event.window] as (typeof windows)[number];
      const current = await tx.telemetryAlert.findFirst({ where: { assetRowId, fault: event.fault, openKey: OPEN } });
      let alertId: string | undefined;
      if (event.transition === 'open' && !current) {
        const alert = await tx.telemetryAlert.create({
          data: {
            tenantId,
            assetRowId,
            fault: event.fault,
            status: 'open',
            openKey: OPEN,
            openedAt: window.windowStart,
            openingRisk: event.smoothedRisk,
            peakRisk: event.smoothedRisk,
            openedByBatch: window.batchId,
          },
        });
        alertId = alert.id;
        opened++;
      } else if (event.transition === 'close' && current) {
        await tx.telemetryAlert.update({
          where: { id: current.id },
          data: { status: 'closed', openKey: null, closedAt: window.windowStart, closingRisk: event.smoothedRisk, closedByBatch: window.batchId },
        });
        alertId = current.id;
        closed++;
      }
      if (alertId && webhookUrl) {
        const eventName = event.transition === 'open' ? 'alert.opened' : 'alert.closed';
        await tx.telemetryWebhookDelivery.create({ data: { id: `${alertId}-${event.transition}`, alertId, event: eventName, url: webhookUrl, status: 'pending' } });
      }
    }
    for (const [fault, peak] of Object.entries(tracked.openPeaks)) {
      await tx.telemetryAlert.updateMany({ where: { assetRowId, fault, openKey: OPEN, peakRisk: { lt: peak } }, data: { peakRisk: peak } });
    }
    return { opened, closed };
  }

  /** The asset's webhook deliveries not delivered yet: queued after every commit, so one lost by a crash goes out with the next. */
  async pendingDeliveries(assetRowId: string): Promise<string[]> {
    const rows = await this.prisma.telemetryWebhookDelivery.findMany({
      where: { status: 'pending', alert: { assetRowId } },
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }

  /** One page of an asset's predictions in time order, after the cursor (window start, id). */
  page(assetRowId: string, range: { from?: Date; to?: Date }, limit: number, after?: { windowStart: Date; id: bigint }): Promise<TelemetryPrediction[]> {
    const where: Prisma.TelemetryPredictionWhereInput = { assetRowId, windowStart: { gte: range.from, lt: range.to } };
    if (after) {
      where.AND = [{ OR: [{ windowStart: { gt: after.windowStart } }, { windowStart: after.windowStart, id: { gt: after.id } }] }];
    }
    return this.prisma.telemetryPrediction.findMany({ where, orderBy: [{ windowStart: 'asc' }, { id: 'asc' }], take: limit });
  }

  countForBatch(batchId: string): Promise<number> {
    return this.prisma.telemetryPrediction.count({ where: { batchId } });
  }
}
