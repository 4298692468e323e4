import { CHANNELS, type Channel } from '../request/score-request.schema';
import { fnv1a } from './hash.util';

/**
 * Merchant categories share one vocabulary whether they arrive as Sparkov-style names ("grocery_pos")
 * or ISO 18245 MCCs ("5411"): both map to the same base category, so a model trained on one speaks
 * the other. The "_pos"/"_net" suffix of a name is a channel, and is used as one when none is given.
 */
export const BASE_CATEGORIES = [
  'entertainment',
  'food_dining',
  'gas_transport',
  'grocery',
  'health_fitness',
  'home',
  'kids_pets',
  'misc',
  'personal_care',
  'shopping',
  'travel',
  'transfer',
  'cash',
  'digital_goods',
  'gambling',
  'crypto',
] as const;
export type BaseCategory = (typeof BASE_CATEGORIES)[number];

/** Ids 1..BASE_CATEGORIES.length are known categories; unknown strings hash into the buckets after them. */
export const CATEGORY_OOV_BUCKETS = 32;
export const CATEGORY_VOCAB_SIZE = 1 + BASE_CATEGORIES.length + CATEGORY_OOV_BUCKETS;
export const CHANNEL_VOCAB_SIZE = 1 + CHANNELS.length;
export const COUNTRY_BUCKETS = 127;
export const COUNTRY_VOCAB_SIZE = 1 + COUNTRY_BUCKETS;

const MCC_EXACT: Record<string, BaseCategory> = {
  '4829': 'transfer',
  '6012': 'transfer',
  '6538': 'transfer',
  '6540': 'transfer',
  '6010': 'cash',
  '6011': 'cash',
  '6051': 'crypto',
  '7995': 'gambling',
  '7801': 'gambling',
  '7802': 'gambling',
  '5815': 'digital_goods',
  '5816': 'digital_goods',
  '5817': 'digital_goods',
  '5818': 'digital_goods',
  '5411': 'grocery',
  '5422': 'grocery',
  '5441': 'grocery',
  '5451': 'grocery',
  '5462': 'grocery',
  '5499': 'grocery',
  '5541': 'gas_transport',
  '5542': 'gas_transport',
  '5812': 'food_dining',
  '5813': 'food_dining',
  '5814': 'food_dining',
  '5912': 'health_fitness',
  '5941': 'health_fitness',
  '7997': 'health_fitness',
  '8011': 'health_fitness',
  '8062': 'health_fitness',
  '5641': 'kids_pets',
  '5945': 'kids_pets',
  '5995': 'kids_pets',
  '0742': 'kids_pets',
  '7230': 'personal_care',
  '7298': 'personal_care',
  '5977': 'personal_care',
  '7832': 'entertainment',
  '7922': 'entertainment',
  '7991': 'entertainment',
  '7996': 'entertainment',
  '5200': 'home',
  '5211': 'home',
  '5712': 'home',
  '5722': 'home',
  '5251': 'home',
};

/** MCC ranges for what the exact table misses, checked in order. */
const MCC_RANGES: ReadonlyArray<[number, number, BaseCategory]> = [
  [3000, 3999, 'travel'], // airlines, car rental, lodging
  [4000, 4799, 'travel'],
  [5000, 5199, 'misc'],
  [5300, 5399, 'shopping'],
  [5600, 5699, 'shopping'],
  [5900, 5999, 'shopping'],
  [7000, 7299, 'travel'],
];

export interface CategoryReading {
  base: BaseCategory | null;
  /** The category's own channel hint, from a "_pos"/"_net" suffix. */
  channelHint: Channel | null;
}

export function readCategory(category: string | undefined): CategoryReading {
  if (category === undefined) return { base: null, channelHint: null };
  const text = category.trim().toLowerCase();
  if (/^\d{4}$/.test(text)) {
    const exact = MCC_EXACT[text];
    if (exact) return { base: exact, channelHint: null };
    const code = Number(text);
    const range = MCC_RANGES.find(([from, to]) => code >= from && code <= to);
    return { base: range ? range[2] : null, channelHint: null };
  }
  const suffix = /_(pos|net)$/.exec(text);
  const stem = suffix ? text.slice(0, -4) : text;
  const base = (BASE_CATEGORIES as readonly string[]).includes(stem) ? (stem as BaseCategory) : null;
  const channelHint: Channel | null = suffix?.[1] === 'net' ? 'online' : suffix?.[1] === 'pos' ? 'pos' : null;
  return { base, channelHint };
}

/** 0 = missing; known categories first; anything else in a stable hash bucket. */
export function categoryId(category: string | undefined): number {
  if (category === undefined) return 0;
  const { base } = readCategory(category);
  if (base !== null) return 1 + BASE_CATEGORIES.indexOf(base);
  return 1 + BASE_CATEGORIES.length + (fnv1a(category.trim().toLowerCase()) % CATEGORY_OOV_BUCKETS);
}

export function channelId(channel: Channel | null): number {
  return channel === null ? 0 : 1 + CHANNELS.indexOf(channel);
}

export function countryId(country: string | undefined): number {
  return country === undefined ? 0 : 1 + (fnv1a(country.toUpperCase()) % COUNTRY_BUCKETS);
}
