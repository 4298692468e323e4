import type { GeoPoint, ScoreRequest } from '../request/score-request.schema';
import type { AccountState, BehaviourState, DeviceState } from './behaviour-state.types';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** Bounds keep a state small enough for one Redis value whatever an account or device does. */
export const WINDOW_EVENT_CAP = 500;
export const KNOWN_DEVICE_CAP = 32;
export const DEVICE_ACCOUNT_CAP = 64;

/** The key a device is remembered by: its fingerprint, which survives app reinstalls, else its id. */
export function deviceKeyOf(request: ScoreRequest): string | null {
  return request.device?.fingerprint ?? request.device?.id ?? null;
}

export function epochMs(request: ScoreRequest): number {
  return Date.parse(request.timestamp);
}

/** Where a payment happened: the device when it reports a position, else the merchant. */
export function paymentGeo(request: ScoreRequest): GeoPoint | null {
  return request.device?.geo ?? request.merchant?.geo ?? null;
}

export function emptyAccountState(accountId: string): AccountState {
  return { accountId, window: [], count: 0, logAmountMean: 0, logAmountM2: 0, lastAt: null, lastGeo: null, knownDevices: [] };
}

export function emptyDeviceState(deviceKey: string): DeviceState {
  return { deviceKey, firstAt: null, count: 0, accounts: [], distinctAccounts: 0 };
}

/** The state a request reads, with empty states for an account or device never seen before. */
export function initialState(request: ScoreRequest, stored: { account?: AccountState | null; device?: DeviceState | null } = {}): BehaviourState {
  const key = deviceKeyOf(request);
  return {
    account: stored.account ?? emptyAccountState(request.account.id),
    device: key === null ? null : (stored.device ?? emptyDeviceState(key)),
  };
}

function applyToAccount(state: AccountState, request: ScoreRequest, at: number): AccountState {
  const newest = Math.max(at, state.lastAt ?? at);
  const window = [...state.window, { at, amount: request.amount }]
    .filter((e) => e.at > newest - DAY_MS)
    .sort((a, b) => a.at - b.at)
    .slice(-WINDOW_EVENT_CAP);
  const logAmount = Math.log1p(request.amount);
  const count = state.count + 1;
  const delta = logAmount - state.logAmountMean;
  const logAmountMean = state.logAmountMean + delta / count;
  const logAmountM2 = state.logAmountM2 + delta * (logAmount - logAmountMean);
  const key = deviceKeyOf(request);
  const knownDevices = key === null ? state.knownDevices : [...state.knownDevices.filter((d) => d !== key), key].slice(-KNOWN_DEVICE_CAP);
  const isLatest = state.lastAt === null || at >= state.lastAt;
  return {
    accountId: state.accountId,
    window,
    count,
    logAmountMean,
    logAmountM2,
    lastAt: newest,
    lastGeo: isLatest ? (paymentGeo(request) ?? state.lastGeo) : state.lastGeo,
    knownDevices,
  };
}

function applyToDevice(state: DeviceState, request: ScoreRequest, at: number): DeviceState {
  const accountId = request.account.id;
  const seenBefore = state.accounts.some((a) => a.accountId === accountId);
  const previous = state.accounts.find((a) => a.accountId === accountId);
  const sighting = { accountId, lastAt: Math.max(at, previous?.lastAt ?? at) };
  return {
    deviceKey: state.deviceKey,
    firstAt: state.firstAt === null ? at : Math.min(state.firstAt, at),
    count: state.count + 1,
    accounts: [...state.accounts.filter((a) => a.accountId !== accountId), sighting].slice(-DEVICE_ACCOUNT_CAP),
    distinctAccounts: state.distinctAccounts + (seenBefore ? 0 : 1),
  };
}

/**
 * The state after `request`, without touching the input (the service writes the result back with a
 * compare-and-set, the dataset tool keeps it in a Map). Features are always built from the state
 * before the request, so a payment never counts itself.
 */
export function applyTransaction(state: BehaviourState, request: ScoreRequest): BehaviourState {
  const at = epochMs(request);
  return {
    account: applyToAccount(state.account, request, at),
    device: state.device === null ? null : applyToDevice(state.device, request, at),
  };
}
