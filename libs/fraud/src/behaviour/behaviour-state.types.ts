import type { GeoPoint } from '../request/score-request.schema';

/** One past payment in the account's sliding window. */
export interface WindowEvent {
  /** Epoch milliseconds. */
  at: number;
  amount: number;
}

/**
 * What the scorer remembers about one account. Plain JSON (no Maps, no Dates) so that the service can
 * keep it in Redis as is and rebuild it from PostgreSQL by replaying the account's payments.
 */
export interface AccountState {
  accountId: string;
  /** Payments of the last 24 hours before `lastAt`, oldest first (bounded by WINDOW_EVENT_CAP). */
  window: WindowEvent[];
  /** All payments ever applied, and Welford's running mean and M2 of ln(1 + amount) over them. */
  count: number;
  logAmountMean: number;
  logAmountM2: number;
  lastAt: number | null;
  /** Where the last payment happened (device location when known, else the merchant's). */
  lastGeo: GeoPoint | null;
  /** Device keys this account has used, most recent last (bounded by KNOWN_DEVICE_CAP). */
  knownDevices: string[];
}

/** Which account used a device, and when it last did. */
export interface DeviceAccountSighting {
  accountId: string;
  lastAt: number;
}

/** What the scorer remembers about one device (keyed by fingerprint, or by device id without one). */
export interface DeviceState {
  deviceKey: string;
  firstAt: number | null;
  count: number;
  /** Accounts seen on this device, most recent last (bounded by DEVICE_ACCOUNT_CAP). */
  accounts: DeviceAccountSighting[];
  /** Distinct accounts ever seen, which keeps counting past the cap. */
  distinctAccounts: number;
}

/** The state one payment reads and updates: its account, and its device when it has one. */
export interface BehaviourState {
  account: AccountState;
  device: DeviceState | null;
}
