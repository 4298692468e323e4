import { applyTransaction, emptyAccountState, emptyDeviceState, deviceKeyOf, initialState } from '../behaviour/behaviour-state.reducer';
import type { BehaviourState } from '../behaviour/behaviour-state.types';
import type { GeoPoint, ScoreRequest } from '../request/score-request.schema';

/** What a stored decision keeps of its payment: exactly what the behaviour state reads, no more. */
export interface StoredPayment {
  accountId: string;
  deviceKey: string | null;
  /** Epoch milliseconds. */
  occurredAt: number;
  amount: number;
  /** The payment's location (paymentGeo of the request). */
  geo: GeoPoint | null;
}

/** The part of a request the behaviour state depends on, to store beside the decision. */
export function storedPaymentOf(request: ScoreRequest): StoredPayment {
  return {
    accountId: request.account.id,
    deviceKey: deviceKeyOf(request),
    occurredAt: Date.parse(request.timestamp),
    amount: request.amount,
    geo: request.device?.geo ?? request.merchant?.geo ?? null,
  };
}

/** A request that applyTransaction folds exactly as it folded the original one. */
function asRequest(payment: StoredPayment): ScoreRequest {
  const geo = payment.geo ?? undefined;
  return {
    transactionId: 'replay',
    timestamp: new Date(payment.occurredAt).toISOString(),
    amount: payment.amount,
    currency: 'USD',
    account: { id: payment.accountId },
    device: payment.deviceKey === null ? undefined : { fingerprint: payment.deviceKey, geo },
    merchant: payment.deviceKey === null && geo ? { geo } : undefined,
  };
}

const byTime = (a: StoredPayment, b: StoredPayment) => a.occurredAt - b.occurredAt;

/**
 * The behaviour state `request` reads, rebuilt from stored payments when the fast store (Redis) has
 * lost it or cannot be reached: the account's payments replayed into its state, the device's into
 * its own. Replaying a capped history keeps the rebuild bounded; the windows only need the last day.
 */
export function rebuildBehaviourState(request: ScoreRequest, accountHistory: readonly StoredPayment[], deviceHistory: readonly StoredPayment[]): BehaviourState {
  let account = emptyAccountState(request.account.id);
  for (const payment of [...accountHistory].sort(byTime)) {
    account = applyTransaction({ account, device: null }, asRequest(payment)).account;
  }
  const key = deviceKeyOf(request);
  let device = key === null ? null : emptyDeviceState(key);
  if (device !== null) {
    for (const payment of [...deviceHistory].sort(byTime)) {
      device = applyTransaction({ account: emptyAccountState(payment.accountId), device }, asRequest({ ...payment, deviceKey: key })).device;
    }
  }
  return initialState(request, { account, device });
}
