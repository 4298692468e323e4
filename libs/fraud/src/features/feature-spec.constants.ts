/**
 * The model's inputs, one tensor per modality with a presence mask of the same width, so that the
 * scorer can occlude one modality (or one group of features) by zeroing its values and its mask,
 * which is exactly what modality dropout does during training. Bump FEATURE_SPEC_VERSION whenever a
 * column, an order, a scale or a vocabulary changes: manifests pin the version they were trained on.
 */
export const FEATURE_SPEC_NAME = 'fraud-fusion';
export const FEATURE_SPEC_VERSION = 1;

export const TRANSACTION_FEATURES = ['log_amount', 'hour_sin', 'hour_cos', 'holder_age', 'home_merchant_km', 'city_population'] as const;
export const BEHAVIOUR_FEATURES = [
  'amount_vs_history',
  'velocity_1h',
  'velocity_24h',
  'amount_1h',
  'amount_24h',
  'time_since_last',
  'km_from_last',
  'speed_from_last',
  'history_length',
] as const;
export const CATEGORICAL_FEATURES = ['channel', 'merchant_category', 'merchant_country'] as const;
export const DEVICE_FEATURES = [
  'new_for_account',
  'account_device_count',
  'device_accounts',
  'device_accounts_24h',
  'device_history',
  'device_merchant_km',
  'device_home_km',
] as const;

export const MODALITIES = ['transaction', 'behaviour', 'categorical', 'memo', 'device'] as const;
export type Modality = (typeof MODALITIES)[number];

/** Input tensor names, in the order the exported graph declares them. */
export const INPUT_NAMES = [
  'transaction',
  'transaction_mask',
  'behaviour',
  'behaviour_mask',
  'categorical',
  'categorical_mask',
  'memo',
  'memo_mask',
  'device',
  'device_mask',
] as const;
export type InputName = (typeof INPUT_NAMES)[number];
