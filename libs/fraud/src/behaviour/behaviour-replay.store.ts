import type { ScoreRequest } from '../request/score-request.schema';
import { type FraudFeatures, buildFeatures } from '../features/fused-features.builder';
import { applyTransaction, deviceKeyOf, initialState } from './behaviour-state.reducer';
import type { AccountState, DeviceState } from './behaviour-state.types';

/**
 * Behaviour state in memory, for replaying a history in time order (the dataset tool, the service's
 * rebuild from PostgreSQL, tests). `featuresThenApply` is the scoring step: features from the state
 * before the payment, then the payment folded in.
 */
export class BehaviourReplayStore {
  private readonly accounts = new Map<string, AccountState>();
  private readonly devices = new Map<string, DeviceState>();

  featuresThenApply(request: ScoreRequest, options: { behaviourKnown?: boolean } = {}): FraudFeatures {
    const key = deviceKeyOf(request);
    const state = initialState(request, { account: this.accounts.get(request.account.id), device: key === null ? null : this.devices.get(key) });
    const features = buildFeatures(request, options.behaviourKnown === false ? null : state);
    const next = applyTransaction(state, request);
    this.accounts.set(request.account.id, next.account);
    if (next.device) this.devices.set(next.device.deviceKey, next.device);
    return features;
  }

  account(accountId: string): AccountState | undefined {
    return this.accounts.get(accountId);
  }

  device(deviceKey: string): DeviceState | undefined {
    return this.devices.get(deviceKey);
  }
}
