import type { FeatureFacts, FraudFeatures } from '../features/fused-features.builder';
import { BEHAVIOUR_FEATURES, CATEGORICAL_FEATURES, DEVICE_FEATURES, type InputName, TRANSACTION_FEATURES } from '../features/feature-spec.constants';
import type { ModelInput, ModelInputs } from '../features/model-inputs.tensor';

/** Stable reason codes: clients and analysts key on them, so a code is never renamed or reused. */
export const REASON_CODES = [
  'AMOUNT',
  'UNUSUAL_HOUR',
  'HOLDER_PROFILE',
  'GEO_DISTANCE',
  'AMOUNT_VS_HISTORY',
  'VELOCITY_1H',
  'VELOCITY_24H',
  'TIME_SINCE_LAST',
  'LOCATION_JUMP',
  'CHANNEL',
  'MERCHANT_CATEGORY',
  'MERCHANT_COUNTRY',
  'MEMO_TEXT',
  'NEW_DEVICE',
  'DEVICE_SHARED',
  'DEVICE_LOCATION',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

type Slotted = 'transaction' | 'behaviour' | 'categorical' | 'memo' | 'device';

/** The features one reason stands for: occluding them (values and masks to 0) measures its contribution. */
export interface ReasonGroup {
  code: ReasonCode;
  slots: ReadonlyArray<{ tensor: Slotted; indices: readonly number[] }>;
  /** What an analyst reads; built from aggregate facts only, never from personal data. */
  detail: (facts: FeatureFacts) => string;
}

const at = (names: readonly string[], ...wanted: string[]) => wanted.map((w) => names.indexOf(w));
const km = (value: number | null) => (value === null ? 'unknown' : `${Math.round(value).toLocaleString('en-US')} km`);
const fixed = (value: number | null, digits = 1) => (value === null ? 'unknown' : value.toFixed(digits));

export const REASON_GROUPS: readonly ReasonGroup[] = [
  { code: 'AMOUNT', slots: [{ tensor: 'transaction', indices: at(TRANSACTION_FEATURES, 'log_amount') }], detail: (f) => `amount ${f.amount.toFixed(2)}` },
  {
    code: 'UNUSUAL_HOUR',
    slots: [{ tensor: 'transaction', indices: at(TRANSACTION_FEATURES, 'hour_sin', 'hour_cos') }],
    detail: (f) => `payment at ${f.hourOfDay === null ? 'an unknown hour' : `${Math.floor(f.hourOfDay)}:00`} (sender's clock)`,
  },
  {
    code: 'HOLDER_PROFILE',
    slots: [{ tensor: 'transaction', indices: at(TRANSACTION_FEATURES, 'holder_age', 'city_population') }],
    detail: () => 'holder profile (age band, home city size) unlike this kind of payment',
  },
  {
    code: 'GEO_DISTANCE',
    slots: [{ tensor: 'transaction', indices: at(TRANSACTION_FEATURES, 'home_merchant_km') }],
    detail: (f) => `merchant ${km(f.homeMerchantKm)} from the holder's home`,
  },
  {
    code: 'AMOUNT_VS_HISTORY',
    slots: [{ tensor: 'behaviour', indices: at(BEHAVIOUR_FEATURES, 'amount_vs_history') }],
    detail: (f) => `amount ${fixed(f.amountZ)} standard deviations from this account's usual (log scale)`,
  },
  {
    code: 'VELOCITY_1H',
    slots: [{ tensor: 'behaviour', indices: at(BEHAVIOUR_FEATURES, 'velocity_1h', 'amount_1h') }],
    detail: (f) => `${f.count1h ?? 'unknown'} earlier payments in the last hour`,
  },
  {
    code: 'VELOCITY_24H',
    slots: [{ tensor: 'behaviour', indices: at(BEHAVIOUR_FEATURES, 'velocity_24h', 'amount_24h') }],
    detail: (f) => `${f.count24h ?? 'unknown'} earlier payments in the last 24 hours`,
  },
  {
    code: 'TIME_SINCE_LAST',
    slots: [{ tensor: 'behaviour', indices: at(BEHAVIOUR_FEATURES, 'time_since_last', 'history_length') }],
    detail: (f) => (f.minutesSinceLast === null ? 'first payment seen for this account' : `${fixed(f.minutesSinceLast, 0)} minutes since the previous payment`),
  },
  {
    code: 'LOCATION_JUMP',
    slots: [{ tensor: 'behaviour', indices: at(BEHAVIOUR_FEATURES, 'km_from_last', 'speed_from_last') }],
    detail: (f) => `${km(f.kmFromLast)} from the previous payment (${fixed(f.speedKmh, 0)} km/h)`,
  },
  { code: 'CHANNEL', slots: [{ tensor: 'categorical', indices: at(CATEGORICAL_FEATURES, 'channel') }], detail: (f) => `channel ${f.channel ?? 'unknown'}` },
  {
    code: 'MERCHANT_CATEGORY',
    slots: [{ tensor: 'categorical', indices: at(CATEGORICAL_FEATURES, 'merchant_category') }],
    detail: (f) => `merchant category ${f.category ?? 'unrecognised'}`,
  },
  {
    code: 'MERCHANT_COUNTRY',
    slots: [{ tensor: 'categorical', indices: at(CATEGORICAL_FEATURES, 'merchant_country') }],
    detail: (f) => `merchant country ${f.country ?? 'unknown'}`,
  },
  { code: 'MEMO_TEXT', slots: [{ tensor: 'memo', indices: [0] }], detail: () => 'wording of the payment memo' },
  {
    code: 'NEW_DEVICE',
    slots: [{ tensor: 'device', indices: at(DEVICE_FEATURES, 'new_for_account', 'account_device_count', 'device_history') }],
    detail: (f) => (f.newDevice ? 'device never used by this account before' : 'device history of this account'),
  },
  {
    code: 'DEVICE_SHARED',
    slots: [{ tensor: 'device', indices: at(DEVICE_FEATURES, 'device_accounts', 'device_accounts_24h') }],
    detail: (f) => `device seen with ${f.deviceAccounts ?? 'unknown'} accounts (${f.deviceAccounts24h ?? 'unknown'} in the last 24 hours)`,
  },
  {
    code: 'DEVICE_LOCATION',
    slots: [{ tensor: 'device', indices: at(DEVICE_FEATURES, 'device_merchant_km', 'device_home_km') }],
    detail: (f) => `device ${km(f.deviceHomeKm)} from home, ${km(f.deviceMerchantKm)} from the merchant`,
  },
];

const MASK_FIELD = {
  transaction: 'transactionMask',
  behaviour: 'behaviourMask',
  categorical: 'categoricalMask',
  memo: 'memoMask',
  device: 'deviceMask',
} as const satisfies Record<Slotted, keyof FraudFeatures>;

/** Whether any feature of the group is present in this row (an absent group cannot be a reason). */
export function groupPresent(features: FraudFeatures, group: ReasonGroup): boolean {
  return group.slots.some(({ tensor, indices }) => indices.some((i) => (features[MASK_FIELD[tensor]][i] ?? 0) > 0));
}

/** A copy of the row with the group's features missing, exactly as modality dropout trained the model to see it. */
export function occlude(features: FraudFeatures, group: ReasonGroup): FraudFeatures {
  const copy: FraudFeatures = {
    ...features,
    transaction: features.transaction.slice(),
    transactionMask: features.transactionMask.slice(),
    behaviour: features.behaviour.slice(),
    behaviourMask: features.behaviourMask.slice(),
    categorical: features.categorical.slice(),
    categoricalMask: features.categoricalMask.slice(),
    memo: features.memo.slice(),
    memoMask: features.memoMask.slice(),
    device: features.device.slice(),
    deviceMask: features.deviceMask.slice(),
  };
  for (const { tensor, indices } of group.slots) {
    if (tensor === 'memo') {
      copy.memo.fill(0);
      copy.memoMask.fill(0);
      continue;
    }
    for (const i of indices) {
      copy[tensor][i] = 0;
      copy[MASK_FIELD[tensor]][i] = 0;
    }
  }
  return copy;
}

/** The model inputs (values, mask) each slotted field is fed through. */
const INPUTS_OF = {
  transaction: ['transaction', 'transaction_mask'],
  behaviour: ['behaviour', 'behaviour_mask'],
  categorical: ['categorical', 'categorical_mask'],
  memo: ['memo', 'memo_mask'],
  device: ['device', 'device_mask'],
} as const satisfies Record<Slotted, readonly [InputName, InputName]>;

function zeroRange(input: ModelInput, from: number, to: number): void {
  if (input.type === 'int64') input.data.fill(0n, from, to);
  else input.data.fill(0, from, to);
}

/** `occlude`, in place, on one row of inputs already stacked for the model (no copy of the row). */
export function occludeRow(inputs: ModelInputs, row: number, group: ReasonGroup): void {
  for (const { tensor, indices } of group.slots) {
    for (const name of INPUTS_OF[tensor]) {
      const input = inputs[name];
      const width = input.dims[1] as number;
      if (tensor === 'memo') zeroRange(input, row * width, (row + 1) * width);
      else for (const i of indices) zeroRange(input, row * width + i, row * width + i + 1);
    }
  }
}
