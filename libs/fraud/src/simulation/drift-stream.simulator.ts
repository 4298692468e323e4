import type { Channel, ScoreRequest } from '../request/score-request.schema';
import { SeededRandom } from './seeded-random.util';

/**
 * A seeded stream of payments whose legitimate traffic drifts: from `driftStartDay` a growing share of
 * ordinary customers shop the way fraud used to look (online, late in the evening, cross-border
 * gift and electronics shopping at several times their usual amount, sometimes from a new device),
 * the way holiday seasons and new shopping habits move real traffic. Fraud keeps its patterns. Each
 * payment says when its label becomes known if it goes through: chargebacks come days to weeks later,
 * and analysts confirm a few legitimate payments; most are never labelled. It also says how feedback
 * would come back if the payment were held or refused, which depends on the thresholds in force and is
 * therefore settled by whoever decides (the drift experiment): an analyst works a reviewed payment, and
 * the customer is asked about a declined one ("was this you?") and may answer.
 */
export interface DriftStreamOptions {
  seed: number;
  accounts: number;
  days: number;
  /** ISO start of day 0 (UTC). */
  start: string;
  driftStartDay: number;
  /** Share of each customer's payments that are drifted ones by the last day (linear ramp). */
  driftShare: number;
  /** Fraud incidents per 1,000 accounts per day. */
  incidentsPerThousandPerDay: number;
}

export const DEFAULT_DRIFT_STREAM: DriftStreamOptions = {
  seed: 20_261_126,
  accounts: 1_500,
  days: 56,
  start: '2026-09-07T00:00:00Z',
  driftStartDay: 10,
  driftShare: 0.35,
  incidentsPerThousandPerDay: 2.2,
};

export type PaymentKind = 'legitimate' | 'drifted' | 'card_testing' | 'account_takeover' | 'scam_transfer' | 'device_farm';

export interface SimulatedPayment {
  request: ScoreRequest;
  fraud: boolean;
  kind: PaymentKind;
  /** Epoch ms of the payment. */
  at: number;
  day: number;
  /** Epoch ms when its label becomes known if it is approved (chargeback or analyst audit), or null if never. */
  labelKnownAt: number | null;
  feedback: DecisionFeedback;
}

/** How a label comes back once a decision holds or refuses the payment (ms after the payment). */
export interface DecisionFeedback {
  /** An analyst working the review queue labels a reviewed payment this long after it. */
  analystAfterMs: number;
  /** The customer answers the question a decline sends this long after it, or never (null). */
  customerAfterMs: number | null;
}

/** Share of customers who answer a decline's "was this you?" message. */
const CUSTOMER_ANSWER_RATE = 0.5;

interface City {
  lat: number;
  lon: number;
  country: string;
  currency: string;
  utcOffset: number;
  population: number;
  language: 'zh' | 'en';
}

const CITIES: readonly City[] = [
  { lat: 31.23, lon: 121.47, country: 'CN', currency: 'CNY', utcOffset: 8, population: 24_870_000, language: 'zh' },
  { lat: 39.9, lon: 116.4, country: 'CN', currency: 'CNY', utcOffset: 8, population: 21_890_000, language: 'zh' },
  { lat: 30.66, lon: 104.07, country: 'CN', currency: 'CNY', utcOffset: 8, population: 20_940_000, language: 'zh' },
  { lat: 22.32, lon: 114.17, country: 'HK', currency: 'HKD', utcOffset: 8, population: 7_410_000, language: 'zh' },
  { lat: 1.35, lon: 103.82, country: 'SG', currency: 'SGD', utcOffset: 8, population: 5_640_000, language: 'en' },
  { lat: 51.51, lon: -0.13, country: 'GB', currency: 'GBP', utcOffset: 0, population: 8_800_000, language: 'en' },
  { lat: 40.71, lon: -74.01, country: 'US', currency: 'USD', utcOffset: -5, population: 8_340_000, language: 'en' },
  { lat: 43.62, lon: -116.2, country: 'US', currency: 'USD', utcOffset: -7, population: 235_000, language: 'en' },
];

/** Everyday categories with their amount shift (log scale), as names or MCCs. */
const EVERYDAY = [
  { category: 'grocery_pos', shift: 0.1 },
  { category: '5411', shift: 0.1 },
  { category: 'food_dining', shift: -0.3 },
  { category: '5812', shift: -0.3 },
  { category: 'gas_transport', shift: 0 },
  { category: 'health_fitness', shift: 0 },
  { category: 'personal_care', shift: -0.2 },
  { category: 'entertainment', shift: 0 },
  { category: 'home', shift: 0.5 },
] as const;
/** Where drifted shoppers (and card testers and account takers) spend. */
const ONLINE_SHOPPING = ['shopping_net', 'misc_net', '5816', '5732', 'shopping_pos'] as const;
const FOREIGN_SHOPS = ['US', 'GB', 'JP', 'KR', 'DE', 'AU'] as const;

const MEMOS = {
  legitimate: {
    zh: ['午饭', '房租 {n}月', '超市购物', '生活费', '水电费', '退款 订单{n}', '聚餐AA', '朋友还钱'],
    en: ['lunch', 'rent {n}', 'groceries', 'dinner split', 'utilities bill', 'refund for order {n}', 'coffee', 'phone bill'],
  },
  drifted: {
    zh: ['双十一 订单{n}', '海淘 订单号{n}', '给家人的礼物', '预售尾款 {n}', '年货'],
    en: ['black friday order {n}', 'holiday gifts', 'order {n} electronics', 'christmas presents', 'cyber monday deal {n}'],
  },
  scam: {
    zh: ['按公安局要求转入安全账户', '刷单返利 第{n}单 本金', '海关包裹清关费 {n}', '解冻账户 验证资金', '投资平台 保本高收益 充值'],
    en: ['transfer to safe account as police asked', 'account frozen, verify funds now', 'customs clearance fee for parcel {n}', 'gift cards for boss urgent', 'guaranteed 30% return investment deposit'],
  },
} as const;

interface Device {
  id: string;
  fingerprint: string;
}

interface Account {
  id: string;
  home: City;
  homeGeo: { lat: number; lon: number };
  birthDate: string;
  gender: string;
  logAmount: number;
  logAmountSd: number;
  ratePerDay: number;
  devices: Device[];
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

class DriftStream {
  private readonly rng: SeededRandom;
  /** A stream of its own, so that feedback draws leave the payments exactly as they were. */
  private readonly feedbackRng: SeededRandom;
  private readonly accounts: Account[] = [];
  private readonly out: SimulatedPayment[] = [];
  private readonly start: number;
  private serial = 0;

  constructor(private readonly options: DriftStreamOptions) {
    this.rng = new SeededRandom(options.seed);
    this.feedbackRng = new SeededRandom(options.seed + 1);
    this.start = Date.parse(options.start);
  }

  run(): SimulatedPayment[] {
    for (let i = 0; i < this.options.accounts; i += 1) this.accounts.push(this.account(i));
    for (let day = 0; day < this.options.days; day += 1) {
      for (const account of this.accounts) this.everyday(account, day);
      this.fraud(day);
    }
    return this.out.sort((a, b) => a.at - b.at || a.request.transactionId.localeCompare(b.request.transactionId));
  }

  private account(i: number): Account {
    const home = this.rng.pick(CITIES);
    const year = this.rng.int(1952, 2004);
    const account: Account = {
      id: `sim-acc-${i}`,
      home,
      homeGeo: this.near(home, 0.1),
      birthDate: `${year}-${String(this.rng.int(1, 13)).padStart(2, '0')}-${String(this.rng.int(1, 29)).padStart(2, '0')}`,
      gender: this.rng.pick(['F', 'M']),
      logAmount: this.rng.normal(home.currency === 'CNY' ? 4.6 : 3.5, 0.45),
      logAmountSd: this.rng.between(0.35, 0.8),
      ratePerDay: this.rng.between(0.5, 2.2),
      devices: [this.device()],
    };
    if (this.rng.chance(0.4)) account.devices.push(this.device());
    return account;
  }

  private device(): Device {
    return { id: `dev-${this.rng.hex(10)}`, fingerprint: this.rng.hex(32) };
  }

  private near(city: { lat: number; lon: number }, spread: number) {
    return { lat: +(city.lat + this.rng.normal(0, spread)).toFixed(4), lon: +(city.lon + this.rng.normal(0, spread)).toFixed(4) };
  }

  private driftShare(day: number): number {
    const { driftStartDay, driftShare, days } = this.options;
    if (day < driftStartDay) return 0;
    return driftShare * Math.min(1, (day - driftStartDay + 1) / Math.max(1, days - driftStartDay));
  }

  private everyday(account: Account, day: number): void {
    for (let n = this.rng.poisson(account.ratePerDay); n > 0; n -= 1) {
      if (this.rng.chance(this.driftShare(day))) this.drifted(account, day);
      else this.ordinary(account, day);
    }
  }

  private ordinary(account: Account, day: number): void {
    const channel = this.rng.pick<Channel>(['pos', 'pos', 'pos', 'online', 'mobile', 'transfer', 'atm']);
    const shop = this.rng.pick(EVERYDAY);
    const remote = channel !== 'pos' && channel !== 'atm';
    const hour = this.rng.chance(0.93) ? this.rng.between(7.5, 22) : this.rng.between(0, 24);
    this.emit(account, {
      at: this.localTime(day, hour, account.home),
      amount: Math.exp(this.rng.normal(account.logAmount + shop.shift, account.logAmountSd)),
      channel,
      category: channel === 'transfer' ? '4829' : channel === 'atm' ? '6011' : shop.category,
      merchantCountry: account.home.country,
      merchantGeo: this.near(account.home, 0.12),
      memo: this.rng.chance(channel === 'transfer' ? 0.85 : remote ? 0.35 : 0.05) ? this.memo(MEMOS.legitimate[account.home.language]) : undefined,
      device: remote ? this.rng.pick(account.devices) : undefined,
      deviceGeo: remote ? this.near(account.homeGeo, 0.05) : undefined,
      kind: 'legitimate',
    });
  }

  /** The drift: online, late, cross-border, several times the usual amount, a new device now and then. */
  private drifted(account: Account, day: number): void {
    let device = this.rng.pick(account.devices);
    if (this.rng.chance(0.15)) {
      device = this.device();
      account.devices.push(device);
    }
    const crossBorder = this.rng.chance(0.6);
    this.emit(account, {
      at: this.localTime(day, this.rng.chance(0.7) ? this.rng.between(21, 25.5) : this.rng.between(9, 21), account.home),
      amount: Math.exp(account.logAmount + this.rng.between(1.0, 2.2)),
      channel: this.rng.pick<Channel>(['online', 'online', 'mobile']),
      category: this.rng.pick(ONLINE_SHOPPING),
      merchantCountry: crossBorder ? this.rng.pick(FOREIGN_SHOPS) : account.home.country,
      merchantGeo: undefined,
      memo: this.rng.chance(0.5) ? this.memo(MEMOS.drifted[account.home.language]) : undefined,
      device,
      deviceGeo: this.near(account.homeGeo, 0.05),
      kind: 'drifted',
    });
  }

  private fraud(day: number): void {
    const incidents = this.rng.poisson((this.options.incidentsPerThousandPerDay * this.options.accounts) / 1000);
    for (let i = 0; i < incidents; i += 1) {
      const victim = this.rng.pick(this.accounts);
      const kind = this.rng.pick<PaymentKind>(['card_testing', 'account_takeover', 'account_takeover', 'scam_transfer', 'scam_transfer', 'device_farm']);
      const startHour = this.rng.between(0, 24);
      if (kind === 'card_testing') {
        const tests = this.rng.int(3, 8);
        for (let t = 0; t <= tests; t += 1) {
          this.emit(victim, {
            at: this.localTime(day, this.rng.between(0, 5) + t * this.rng.between(0.02, 0.1), victim.home),
            amount: t < tests ? this.rng.between(0.5, 4) : Math.exp(victim.logAmount + this.rng.between(1.5, 2.5)),
            channel: 'online',
            category: this.rng.pick(ONLINE_SHOPPING),
            merchantCountry: this.rng.pick(FOREIGN_SHOPS),
            kind,
          });
        }
      } else if (kind === 'account_takeover') {
        const thief = this.device();
        const far = this.rng.pick(CITIES.filter((c) => c !== victim.home));
        for (let t = this.rng.int(1, 4); t > 0; t -= 1) {
          this.emit(victim, {
            at: this.localTime(day, this.rng.between(0, 6) + t * 0.3, victim.home),
            amount: Math.exp(victim.logAmount + this.rng.between(1.2, 2.8)),
            channel: this.rng.pick<Channel>(['online', 'mobile']),
            category: this.rng.pick(ONLINE_SHOPPING),
            merchantCountry: far.country,
            device: thief,
            deviceGeo: this.rng.chance(0.6) ? this.near(far, 0.1) : undefined,
            kind,
          });
        }
      } else if (kind === 'scam_transfer') {
        this.emit(victim, {
          at: this.localTime(day, this.rng.between(9, 21), victim.home),
          amount: Math.exp(victim.logAmount + this.rng.between(0.8, 2.5)),
          channel: 'transfer',
          category: '4829',
          merchantCountry: victim.home.country,
          memo: this.memo(MEMOS.scam[victim.home.language]),
          device: this.rng.pick(victim.devices),
          deviceGeo: this.near(victim.homeGeo, 0.05),
          kind,
        });
      } else {
        const farm = this.device();
        for (let k = this.rng.int(4, 9); k > 0; k -= 1) {
          const mule = this.rng.pick(this.accounts);
          this.emit(mule, {
            at: this.localTime(day, startHour + k * 0.2, mule.home),
            amount: Math.exp(mule.logAmount + this.rng.between(0.3, 1.5)),
            channel: this.rng.pick<Channel>(['online', 'mobile', 'transfer']),
            category: this.rng.pick(['4829', ...ONLINE_SHOPPING]),
            merchantCountry: mule.home.country,
            device: farm,
            kind,
          });
        }
      }
    }
  }

  private localTime(day: number, localHour: number, city: City): number {
    return this.start + day * DAY_MS + (localHour - city.utcOffset) * HOUR_MS;
  }

  private memo(templates: readonly string[]): string {
    return this.rng.pick(templates).replace('{n}', String(this.rng.int(1, 9_999)));
  }

  private labelKnownAt(at: number, fraud: boolean): number | null {
    if (fraud) return this.rng.chance(0.85) ? at + this.rng.between(2, 21) * DAY_MS : null;
    return this.rng.chance(0.03) ? at + this.rng.between(1, 4) * DAY_MS : null;
  }

  private decisionFeedback(): DecisionFeedback {
    const analystAfterMs = this.feedbackRng.between(1, 48) * HOUR_MS;
    const answers = this.feedbackRng.chance(CUSTOMER_ANSWER_RATE);
    const customerAfterMs = this.feedbackRng.between(0.1, 24) * HOUR_MS;
    return { analystAfterMs, customerAfterMs: answers ? customerAfterMs : null };
  }

  private emit(
    account: Account,
    p: {
      at: number;
      amount: number;
      channel: Channel;
      category: string;
      merchantCountry: string;
      merchantGeo?: { lat: number; lon: number };
      memo?: string;
      device?: Device;
      deviceGeo?: { lat: number; lon: number };
      kind: PaymentKind;
    },
  ): void {
    const offset = account.home.utcOffset;
    const local = new Date(p.at + offset * HOUR_MS).toISOString().slice(0, 19);
    const zone = `${offset >= 0 ? '+' : '-'}${String(Math.abs(offset)).padStart(2, '0')}:00`;
    const request: ScoreRequest = {
      transactionId: `sim-${this.options.seed}-${this.serial++}`,
      timestamp: `${local}${zone}`,
      amount: Math.max(0.5, +p.amount.toFixed(2)),
      currency: account.home.currency,
      channel: p.channel,
      account: { id: account.id, holder: { birthDate: account.birthDate, gender: account.gender, home: account.homeGeo, cityPopulation: account.home.population } },
      merchant: { id: `m-${p.category}-${p.merchantCountry}`, category: p.category, country: p.merchantCountry, ...(p.merchantGeo ? { geo: p.merchantGeo } : {}) },
      ...(p.memo !== undefined ? { memo: p.memo } : {}),
      ...(p.device ? { device: { id: p.device.id, fingerprint: p.device.fingerprint, ...(p.deviceGeo ? { geo: p.deviceGeo } : {}) } } : {}),
    };
    const fraud = p.kind !== 'legitimate' && p.kind !== 'drifted';
    const at = Date.parse(request.timestamp);
    const day = Math.min(this.options.days - 1, Math.max(0, Math.floor((at - this.start) / DAY_MS)));
    this.out.push({ request, fraud, kind: p.kind, at, day, labelKnownAt: this.labelKnownAt(at, fraud), feedback: this.decisionFeedback() });
  }
}

export function simulateDriftingStream(options: Partial<DriftStreamOptions> = {}): SimulatedPayment[] {
  return new DriftStream({ ...DEFAULT_DRIFT_STREAM, ...options }).run();
}
