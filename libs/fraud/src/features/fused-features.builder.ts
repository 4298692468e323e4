import { DAY_MS, HOUR_MS, deviceKeyOf, epochMs, paymentGeo } from '../behaviour/behaviour-state.reducer';
import type { BehaviourState } from '../behaviour/behaviour-state.types';
import type { Channel, ScoreRequest } from '../request/score-request.schema';
import { type BaseCategory, categoryId, channelId, countryId, readCategory } from './categorical.vocabulary';
import { BEHAVIOUR_FEATURES, DEVICE_FEATURES, TRANSACTION_FEATURES } from './feature-spec.constants';
import { distanceKm } from './geo.util';
import { MEMO_DIM, hashMemo } from './memo-text.hasher';

/** The raw quantities behind the features, kept for reason details (never personal data). */
export interface FeatureFacts {
  amount: number;
  hourOfDay: number | null;
  homeMerchantKm: number | null;
  amountZ: number | null;
  count1h: number | null;
  count24h: number | null;
  minutesSinceLast: number | null;
  kmFromLast: number | null;
  speedKmh: number | null;
  category: BaseCategory | null;
  channel: Channel | null;
  country: string | null;
  memoPresent: boolean;
  newDevice: boolean | null;
  deviceAccounts: number | null;
  deviceAccounts24h: number | null;
  deviceHomeKm: number | null;
  deviceMerchantKm: number | null;
}

/** One request's model inputs, modality by modality, each with its presence mask (1 present, 0 missing). */
export interface FraudFeatures {
  transaction: Float32Array;
  transactionMask: Float32Array;
  behaviour: Float32Array;
  behaviourMask: Float32Array;
  categorical: Int32Array;
  categoricalMask: Float32Array;
  memo: Float32Array;
  memoMask: Float32Array;
  device: Float32Array;
  deviceMask: Float32Array;
  facts: FeatureFacts;
}

/** Standardised scores are clipped: an absurd amount should read "very large", not swamp the network. */
const CLIP = 6;
const standard = (value: number, centre: number, scale: number) => Math.max(-CLIP, Math.min(CLIP, (value - centre) / scale));
const logKm = (km: number) => standard(Math.log1p(km), 2, 2);
/** Amount-vs-history needs a few payments before the account's spread means anything. */
const MIN_HISTORY_FOR_Z = 3;
/** Variance floor in log-amount units, so a customer who always pays the same sum is not infinitely surprised. */
const LOG_AMOUNT_VARIANCE_FLOOR = 0.05;

class Slots {
  readonly values: Float32Array;
  readonly mask: Float32Array;
  constructor(private readonly names: readonly string[]) {
    this.values = new Float32Array(names.length);
    this.mask = new Float32Array(names.length);
  }
  set(name: string, value: number | null): void {
    if (value === null || !Number.isFinite(value)) return;
    const at = this.names.indexOf(name);
    this.values[at] = value;
    this.mask[at] = 1;
  }
}

/** The wall-clock hour written in the timestamp itself (the sender's local time when it sends an offset). */
export function wallClockHour(timestamp: string): number | null {
  const match = /T(\d{2}):(\d{2})/.exec(timestamp);
  return match ? Number(match[1]) + Number(match[2]) / 60 : null;
}

function ageYears(birthDate: string | undefined, at: number): number | null {
  if (birthDate === undefined) return null;
  const born = Date.parse(`${birthDate}T00:00:00Z`);
  return Number.isFinite(born) ? (at - born) / (365.2425 * DAY_MS) : null;
}

/**
 * The fused features of one payment, read from the request and the behaviour state as it was BEFORE
 * the payment. `state` null means the behaviour state is unknown (not merely empty): the behaviour
 * modality and the device's history features are then reported missing.
 */
export function buildFeatures(request: ScoreRequest, state: BehaviourState | null): FraudFeatures {
  const at = epochMs(request);
  const holder = request.account.holder;
  const merchantGeo = request.merchant?.geo ?? null;
  const home = holder?.home ?? null;
  const here = paymentGeo(request);

  const tx = new Slots(TRANSACTION_FEATURES);
  const hour = wallClockHour(request.timestamp);
  tx.set('log_amount', standard(Math.log1p(request.amount), 3.8, 1.4));
  if (hour !== null) {
    tx.set('hour_sin', Math.sin((2 * Math.PI * hour) / 24));
    tx.set('hour_cos', Math.cos((2 * Math.PI * hour) / 24));
  }
  const age = ageYears(holder?.birthDate, at);
  tx.set('holder_age', age === null ? null : standard(age, 45, 17));
  const homeMerchantKm = home && merchantGeo ? distanceKm(home, merchantGeo) : null;
  tx.set('home_merchant_km', homeMerchantKm === null ? null : standard(Math.log1p(homeMerchantKm), 4, 1.5));
  const population = holder?.cityPopulation;
  tx.set('city_population', population === undefined ? null : standard(Math.log10(1 + population), 4, 1.2));

  const behaviour = new Slots(BEHAVIOUR_FEATURES);
  const account = state?.account ?? null;
  let amountZ: number | null = null;
  let count1h: number | null = null;
  let count24h: number | null = null;
  let minutesSinceLast: number | null = null;
  let kmFromLast: number | null = null;
  let speedKmh: number | null = null;
  if (account !== null) {
    if (account.count >= MIN_HISTORY_FOR_Z) {
      const variance = account.logAmountM2 / (account.count - 1) + LOG_AMOUNT_VARIANCE_FLOOR;
      amountZ = standard(Math.log1p(request.amount), account.logAmountMean, Math.sqrt(variance));
    }
    const lastHour = account.window.filter((e) => e.at <= at && e.at > at - HOUR_MS);
    const lastDay = account.window.filter((e) => e.at <= at && e.at > at - DAY_MS);
    count1h = lastHour.length;
    count24h = lastDay.length;
    const sum = (events: typeof lastDay) => events.reduce((total, e) => total + e.amount, 0);
    behaviour.set('amount_vs_history', amountZ);
    behaviour.set('velocity_1h', Math.log1p(count1h));
    behaviour.set('velocity_24h', Math.log1p(count24h));
    behaviour.set('amount_1h', Math.log1p(sum(lastHour)) / 5);
    behaviour.set('amount_24h', Math.log1p(sum(lastDay)) / 5);
    behaviour.set('history_length', Math.log1p(account.count) / 3);
    if (account.lastAt !== null) {
      minutesSinceLast = Math.max(0, at - account.lastAt) / 60_000;
      behaviour.set('time_since_last', standard(Math.log1p(minutesSinceLast), 5, 2.5));
      if (account.lastGeo && here) {
        kmFromLast = distanceKm(account.lastGeo, here);
        speedKmh = kmFromLast / Math.max(minutesSinceLast / 60, 1 / 60);
        behaviour.set('km_from_last', logKm(kmFromLast));
        behaviour.set('speed_from_last', standard(Math.log1p(speedKmh), 2, 2));
      }
    }
  }

  const { base, channelHint } = readCategory(request.merchant?.category);
  const channel = request.channel ?? channelHint;
  const country = request.merchant?.country ?? null;
  const categorical = Int32Array.from([channelId(channel), categoryId(request.merchant?.category), countryId(country ?? undefined)]);
  const categoricalMask = Float32Array.from(categorical, (id) => (id > 0 ? 1 : 0));

  const hashed = hashMemo(request.memo);

  const device = new Slots(DEVICE_FEATURES);
  const key = deviceKeyOf(request);
  let newDevice: boolean | null = null;
  let deviceAccounts: number | null = null;
  let deviceAccounts24h: number | null = null;
  if (key !== null && account !== null && state?.device) {
    const seen = state.device;
    const accountKnown = seen.accounts.some((a) => a.accountId === request.account.id);
    newDevice = !account.knownDevices.includes(key);
    deviceAccounts = seen.distinctAccounts + (accountKnown ? 0 : 1);
    deviceAccounts24h = seen.accounts.filter((a) => a.accountId !== request.account.id && a.lastAt > at - DAY_MS).length + 1;
    device.set('new_for_account', newDevice ? 1 : 0);
    device.set('account_device_count', Math.log1p(account.knownDevices.length));
    device.set('device_accounts', Math.log1p(deviceAccounts));
    device.set('device_accounts_24h', Math.log1p(deviceAccounts24h));
    device.set('device_history', Math.log1p(seen.count) / 3);
  }
  const deviceGeo = request.device?.geo ?? null;
  const deviceMerchantKm = deviceGeo && merchantGeo ? distanceKm(deviceGeo, merchantGeo) : null;
  const deviceHomeKm = deviceGeo && home ? distanceKm(deviceGeo, home) : null;
  device.set('device_merchant_km', deviceMerchantKm === null ? null : logKm(deviceMerchantKm));
  device.set('device_home_km', deviceHomeKm === null ? null : logKm(deviceHomeKm));

  return {
    transaction: tx.values,
    transactionMask: tx.mask,
    behaviour: behaviour.values,
    behaviourMask: behaviour.mask,
    categorical,
    categoricalMask,
    memo: hashed ?? new Float32Array(MEMO_DIM),
    memoMask: Float32Array.of(hashed ? 1 : 0),
    device: device.values,
    deviceMask: device.mask,
    facts: {
      amount: request.amount,
      hourOfDay: hour,
      homeMerchantKm,
      amountZ,
      count1h,
      count24h,
      minutesSinceLast,
      kmFromLast,
      speedKmh,
      category: base,
      channel,
      country,
      memoPresent: hashed !== null,
      newDevice,
      deviceAccounts,
      deviceAccounts24h,
      deviceHomeKm,
      deviceMerchantKm,
    },
  };
}
