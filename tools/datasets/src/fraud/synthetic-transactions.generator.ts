/**
 * Seeded synthetic payments with what no public set has: memo text in Chinese and English, device
 * fingerprints with positions, and labelled fraud patterns, two of which only one modality reveals:
 *   social_engineering: a victim's own transfer, from their own device, at a normal hour and amount,
 *                       which only the memo gives away ("按公安要求转入安全账户");
 *   device_farm:        one device driving many accounts, with nothing else unusual;
 *   new_device_far:     a device the account never used, far from home, paying a normal merchant.
 * plus two tabular ones (card_testing bursts, account_takeover spending). Legitimate traffic holds the
 * confounders: memos that also say refund/transfer/investment, family devices shared by 2-3
 * accounts, new phones near home, and travellers whose device is far from home.
 */
import type { LabelledRequest } from './sparkov.loader';
import { SeededRandom, type Channel, type ScoreRequest } from '@mosaic/fraud';

export const FRAUD_PATTERNS = ['card_testing', 'account_takeover', 'social_engineering', 'device_farm', 'new_device_far'] as const;
export type FraudPattern = (typeof FRAUD_PATTERNS)[number];
/** The patterns the fused model must catch and a tabular model cannot. */
export const MEMO_OR_DEVICE_ONLY: readonly FraudPattern[] = ['social_engineering', 'device_farm', 'new_device_far'];

export interface SyntheticOptions {
  seed: number;
  accounts: number;
  days: number;
  start: string;
}

export const DEFAULT_SYNTHETIC: SyntheticOptions = { seed: 20_260_101, accounts: 2_400, days: 42, start: '2026-01-05T00:00:00Z' };

interface City {
  name: string;
  lat: number;
  lon: number;
  country: string;
  currency: string;
  language: 'zh' | 'en';
  population: number;
  utcOffset: number;
}

const CITIES: readonly City[] = [
  { name: 'shanghai', lat: 31.23, lon: 121.47, country: 'CN', currency: 'CNY', language: 'zh', population: 24_870_000, utcOffset: 8 },
  { name: 'beijing', lat: 39.9, lon: 116.4, country: 'CN', currency: 'CNY', language: 'zh', population: 21_890_000, utcOffset: 8 },
  { name: 'chengdu', lat: 30.66, lon: 104.07, country: 'CN', currency: 'CNY', language: 'zh', population: 20_940_000, utcOffset: 8 },
  { name: 'shenzhen', lat: 22.54, lon: 114.06, country: 'CN', currency: 'CNY', language: 'zh', population: 17_560_000, utcOffset: 8 },
  { name: 'wuhan', lat: 30.59, lon: 114.31, country: 'CN', currency: 'CNY', language: 'zh', population: 12_320_000, utcOffset: 8 },
  { name: 'hong-kong', lat: 22.32, lon: 114.17, country: 'HK', currency: 'HKD', language: 'zh', population: 7_410_000, utcOffset: 8 },
  { name: 'singapore', lat: 1.35, lon: 103.82, country: 'SG', currency: 'SGD', language: 'en', population: 5_640_000, utcOffset: 8 },
  { name: 'london', lat: 51.51, lon: -0.13, country: 'GB', currency: 'GBP', language: 'en', population: 8_800_000, utcOffset: 0 },
  { name: 'new-york', lat: 40.71, lon: -74.01, country: 'US', currency: 'USD', language: 'en', population: 8_340_000, utcOffset: -5 },
  { name: 'chicago', lat: 41.88, lon: -87.63, country: 'US', currency: 'USD', language: 'en', population: 2_700_000, utcOffset: -6 },
  { name: 'boise', lat: 43.62, lon: -116.2, country: 'US', currency: 'USD', language: 'en', population: 235_000, utcOffset: -7 },
  { name: 'lagos', lat: 6.52, lon: 3.38, country: 'NG', currency: 'NGN', language: 'en', population: 15_400_000, utcOffset: 1 },
];
const HOME_CITIES = CITIES.filter((c) => c.name !== 'lagos');

/** Categories as a switch sends them: half as ISO 18245 MCCs, half as names, for one vocabulary. */
const CATEGORY_FORMS: ReadonlyArray<{ names: readonly string[]; logShift: number }> = [
  { names: ['5411', 'grocery_pos'], logShift: 0.2 },
  { names: ['5812', 'food_dining'], logShift: -0.3 },
  { names: ['5541', 'gas_transport'], logShift: 0 },
  { names: ['5651', 'shopping_pos', 'shopping_net'], logShift: 0.5 },
  { names: ['7832', 'entertainment'], logShift: 0 },
  { names: ['5912', 'health_fitness'], logShift: 0 },
  { names: ['5712', 'home'], logShift: 0.6 },
  { names: ['7230', 'personal_care'], logShift: -0.2 },
  { names: ['4511', 'travel'], logShift: 1.2 },
  { names: ['4829', 'transfer'], logShift: 0.8 },
  { names: ['5816', 'misc_net'], logShift: -0.4 },
];

const LEGIT_MEMOS: Record<'zh' | 'en', readonly string[]> = {
  zh: [
    '午饭',
    '房租 {n}月',
    '转账给妈妈',
    '生活费',
    '水电费',
    '还款 谢谢',
    '退款 订单{n}',
    '聚餐AA',
    '超市购物',
    '定投基金 每月',
    '工资代发',
    '给孩子的学费',
    '红包',
    '车位费',
    '网购 订单号{n}',
    '朋友还钱',
    '物业费 {n}',
    '公司报销',
    '转账 房租押金',
    '保险缴费',
  ],
  en: [
    'lunch',
    'rent {n}',
    'groceries',
    'refund for order {n}',
    'dinner split',
    'birthday gift',
    'utilities bill',
    'monthly investment plan',
    'tax refund {n}',
    'tuition fee',
    'car insurance',
    'paying back, thanks',
    'gym membership',
    'invoice {n}',
    'transfer to savings',
    'phone bill',
    'coffee',
    'deposit for flat',
  ],
};

const SCAM_MEMOS: Record<'zh' | 'en', readonly string[]> = {
  zh: [
    '按公安局要求转入安全账户',
    '配合警方调查 资金核查 转账',
    '安全账户 资金清查',
    '刷单返利 第{n}单 本金',
    '刷单任务 垫付 返佣',
    '海关包裹清关费 {n}',
    '客服退款 需先缴纳保证金',
    '解冻账户 验证资金',
    '投资平台 保本高收益 充值',
    '内幕消息 稳赚 入金',
    '贷款解冻费 征信修复',
    '网络交友 帮忙充值',
    '领导让我先转款 急',
  ],
  en: [
    'transfer to safe account as police asked',
    'account frozen, verify funds now',
    'customs clearance fee for parcel {n}',
    'guaranteed 30% return investment deposit',
    'crypto platform deposit, withdraw later',
    'gift cards for boss urgent',
    'IRS penalty pay now to avoid arrest',
    'refund agent fee to release refund',
    'loan processing fee upfront',
    'task bonus deposit level {n}',
    'bank security team asked to move funds',
  ],
};

interface Device {
  fingerprint: string;
  id: string;
}

interface Account {
  id: string;
  home: City;
  homeGeo: { lat: number; lon: number };
  birthDate: string;
  gender: string;
  hasProfile: boolean;
  language: 'zh' | 'en';
  logAmount: number;
  logAmountSd: number;
  ratePerDay: number;
  devices: Device[];
}

interface Merchant {
  id: string;
  city: City;
  geo: { lat: number; lon: number };
  form: (typeof CATEGORY_FORMS)[number];
  category: string;
  online: boolean;
}

const DAY_MS = 86_400_000;

class Generator {
  private readonly rng: SeededRandom;
  private readonly accounts: Account[] = [];
  private readonly merchants: Merchant[] = [];
  private readonly out: LabelledRequest[] = [];
  private readonly start: number;
  private serial = 0;

  constructor(private readonly options: SyntheticOptions) {
    this.rng = new SeededRandom(options.seed);
    this.start = Date.parse(options.start);
  }

  run(): LabelledRequest[] {
    this.makeMerchants();
    this.makeAccounts();
    for (const account of this.accounts) this.legitimateTraffic(account);
    this.fraud();
    return this.out.sort((a, b) => a.at - b.at || a.request.transactionId.localeCompare(b.request.transactionId));
  }

  private jitter(city: City, spread: number) {
    return { lat: +(city.lat + this.rng.normal(0, spread)).toFixed(4), lon: +(city.lon + this.rng.normal(0, spread)).toFixed(4) };
  }

  private device(): Device {
    return { fingerprint: this.rng.hex(32), id: `dev-${this.rng.hex(10)}` };
  }

  private makeMerchants(): void {
    for (let i = 0; i < 500; i++) {
      const city = this.rng.pick(CITIES);
      const form = this.rng.pick(CATEGORY_FORMS);
      const category = this.rng.pick(form.names);
      this.merchants.push({ id: `m-${i}`, city, geo: this.jitter(city, 0.15), form, category, online: category.endsWith('_net') || form.names[0] === '5816' || this.rng.chance(0.3) });
    }
  }

  private makeAccounts(): void {
    for (let i = 0; i < this.options.accounts; i++) {
      const home = this.rng.pick(HOME_CITIES);
      const year = this.rng.int(1950, 2004);
      const account: Account = {
        id: `syn-acc-${i}`,
        home,
        homeGeo: this.jitter(home, 0.12),
        birthDate: `${year}-${String(this.rng.int(1, 13)).padStart(2, '0')}-${String(this.rng.int(1, 29)).padStart(2, '0')}`,
        gender: this.rng.pick(['F', 'M']),
        hasProfile: this.rng.chance(0.85),
        language: this.rng.chance(0.1) ? (home.language === 'zh' ? 'en' : 'zh') : home.language,
        logAmount: this.rng.normal(home.currency === 'CNY' ? 4.6 : 3.6, 0.5),
        logAmountSd: this.rng.between(0.4, 0.9),
        ratePerDay: this.rng.between(0.4, 2.4),
        devices: [this.device()],
      };
      if (this.rng.chance(0.4)) account.devices.push(this.device());
      // Families share a tablet or a phone: legitimate sharing across 2-3 accounts.
      const previous = this.accounts.at(-1);
      if (previous && previous.home === home && this.rng.chance(0.06)) account.devices.push(previous.devices[0] as Device);
      this.accounts.push(account);
    }
  }

  private localHourToUtc(day: number, localHour: number, city: City): number {
    return this.start + day * DAY_MS + (localHour - city.utcOffset) * 3_600_000;
  }

  private timestamp(at: number, city: City): string {
    // Switches send local time with its offset; the features read the hour the sender wrote.
    const local = new Date(at + city.utcOffset * 3_600_000).toISOString().slice(0, 19);
    const sign = city.utcOffset >= 0 ? '+' : '-';
    return `${local}${sign}${String(Math.abs(city.utcOffset)).padStart(2, '0')}:00`;
  }

  private dayHour(): number {
    return this.rng.chance(0.92) ? this.rng.between(7.5, 22.5) : this.rng.between(0, 24) % 24;
  }

  private memo(template: string): string {
    return template.replace('{n}', String(this.rng.int(1, 9_999)));
  }

  private merchantFor(account: Account, channel: Channel): Merchant {
    const local = this.merchants.filter((m) => m.city === account.home && (channel === 'pos' ? !m.online : true));
    if (local.length > 0 && this.rng.chance(0.85)) return this.rng.pick(local);
    return this.rng.pick(this.merchants.filter((m) => m.city.currency === account.home.currency || this.rng.chance(0.2)));
  }

  private emit(fields: {
    account: Account;
    at: number;
    clockCity: City;
    amount: number;
    channel: Channel;
    merchant: Merchant;
    memo?: string;
    device?: Device;
    deviceGeo?: { lat: number; lon: number } | null;
    label: 0 | 1;
    pattern: string;
  }): void {
    const { account, merchant } = fields;
    const request: ScoreRequest = {
      transactionId: `syn-${this.serial++}`,
      timestamp: this.timestamp(fields.at, fields.clockCity),
      amount: Math.max(0.5, +fields.amount.toFixed(2)),
      currency: account.home.currency,
      ...(this.rng.chance(0.95) ? { channel: fields.channel } : {}),
      account: {
        id: account.id,
        ...(account.hasProfile
          ? { holder: { birthDate: account.birthDate, gender: account.gender, home: account.homeGeo, cityPopulation: account.home.population } }
          : {}),
      },
      merchant: {
        id: merchant.id,
        category: merchant.category,
        country: merchant.city.country,
        ...(this.rng.chance(0.9) ? { geo: merchant.geo } : {}),
      },
      ...(fields.memo !== undefined ? { memo: fields.memo } : {}),
      ...(fields.device
        ? { device: { id: fields.device.id, fingerprint: fields.device.fingerprint, ...(fields.deviceGeo ? { geo: fields.deviceGeo } : {}) } }
        : {}),
    };
    this.out.push({ request, label: fields.label, accountId: account.id, at: Date.parse(request.timestamp), pattern: fields.pattern });
  }

  private normalAmount(account: Account, merchant: Merchant): number {
    return Math.exp(this.rng.normal(account.logAmount + merchant.form.logShift, account.logAmountSd));
  }

  private legitimateTraffic(account: Account): void {
    for (let day = 0; day < this.options.days; day++) {
      const travelling = this.rng.chance(0.02);
      const away = this.rng.pick(CITIES);
      for (let n = this.rng.poisson(account.ratePerDay); n > 0; n--) {
        const channel = this.rng.pick<Channel>(['pos', 'pos', 'pos', 'online', 'online', 'mobile', 'transfer', 'atm']);
        const merchant = travelling && channel === 'pos' ? this.rng.pick(this.merchants.filter((m) => m.city === away)) : this.merchantFor(account, channel);
        const remote = channel === 'online' || channel === 'mobile' || channel === 'transfer';
        let device: Device | undefined;
        if (remote && this.rng.chance(0.95)) {
          device = this.rng.pick(account.devices);
          if (this.rng.chance(0.01)) {
            device = this.device(); // a new phone, used at home
            account.devices.push(device);
          }
        }
        const where = travelling ? this.jitter(away, 0.1) : this.jitter(account.home, 0.08);
        const memoChance = channel === 'transfer' ? 0.9 : remote ? 0.45 : 0.08;
        this.emit({
          account,
          at: this.localHourToUtc(day, this.dayHour(), account.home),
          clockCity: account.home,
          amount: this.normalAmount(account, merchant),
          channel,
          merchant,
          memo: this.rng.chance(memoChance) ? this.memo(this.rng.pick(LEGIT_MEMOS[account.language])) : undefined,
          device,
          deviceGeo: device && this.rng.chance(0.8) ? where : null,
          label: 0,
          pattern: 'legitimate',
        });
      }
    }
  }

  private victim(): Account {
    return this.rng.pick(this.accounts);
  }

  private incidentStart(): { day: number; hour: number } {
    return { day: this.rng.int(1, this.options.days), hour: this.dayHour() };
  }

  private fraud(): void {
    const scale = this.options.accounts / 1_800;
    const onlineMerchants = this.merchants.filter((m) => m.online);
    for (let i = 0; i < Math.round(45 * scale); i++) {
      const account = this.victim();
      const { day } = this.incidentStart();
      const startHour = this.rng.between(0, 5);
      const tests = this.rng.int(3, 9);
      for (let t = 0; t <= tests; t++) {
        const merchant = this.rng.pick(onlineMerchants);
        this.emit({
          account,
          at: this.localHourToUtc(day, startHour + t * this.rng.between(0.02, 0.12), account.home),
          clockCity: account.home,
          amount: t < tests ? this.rng.between(0.5, 4) : Math.exp(account.logAmount + this.rng.between(1.5, 2.5)),
          channel: 'online',
          merchant,
          label: 1,
          pattern: 'card_testing',
        });
      }
    }
    for (let i = 0; i < Math.round(160 * scale); i++) {
      const account = this.victim();
      const { day } = this.incidentStart();
      const away = this.rng.pick(CITIES.filter((c) => c !== account.home));
      const device = this.device();
      for (let t = this.rng.int(1, 4); t > 0; t--) {
        const merchant = this.rng.pick(this.merchants.filter((m) => m.form.logShift >= 0.5 || m.online));
        this.emit({
          account,
          at: this.localHourToUtc(day, this.rng.between(0, 6) + t * 0.3, account.home),
          clockCity: account.home,
          amount: Math.exp(account.logAmount + merchant.form.logShift + this.rng.between(1.2, 2.8)),
          channel: this.rng.pick<Channel>(['online', 'mobile']),
          merchant,
          device: this.rng.chance(0.6) ? device : undefined,
          deviceGeo: this.rng.chance(0.5) ? this.jitter(away, 0.1) : null,
          label: 1,
          pattern: 'account_takeover',
        });
      }
    }
    // Social engineering: the victim pays, on their own device, at their own hours and amounts.
    const transferMerchants = this.merchants.filter((m) => m.form.names[0] === '4829' || m.online);
    for (let i = 0; i < Math.round(420 * scale); i++) {
      const account = this.victim();
      const { day, hour } = this.incidentStart();
      for (let t = this.rng.int(1, 3); t > 0; t--) {
        const merchant = this.rng.pick(transferMerchants.filter((m) => m.city.currency === account.home.currency).concat(transferMerchants.slice(0, 3)));
        const channel = this.rng.pick<Channel>(['transfer', 'transfer', 'mobile', 'online']);
        this.emit({
          account,
          at: this.localHourToUtc(day, hour + t * this.rng.between(0.5, 30), account.home),
          clockCity: account.home,
          amount: Math.exp(this.rng.normal(account.logAmount + 0.6, account.logAmountSd)),
          channel,
          merchant,
          memo: this.memo(this.rng.pick(SCAM_MEMOS[this.rng.chance(0.85) ? account.language : account.language === 'zh' ? 'en' : 'zh'])),
          device: this.rng.chance(0.95) ? this.rng.pick(account.devices) : undefined,
          deviceGeo: this.rng.chance(0.8) ? this.jitter(account.home, 0.08) : null,
          label: 1,
          pattern: 'social_engineering',
        });
      }
    }
    // Device farms: one device drives many accounts, each payment unremarkable on its own.
    for (let f = 0; f < Math.round(28 * scale); f++) {
      const farm = this.device();
      const day0 = this.rng.int(1, this.options.days - 3);
      for (let v = this.rng.int(8, 26); v > 0; v--) {
        const account = this.victim();
        for (let t = this.rng.int(1, 3); t > 0; t--) {
          const channel = this.rng.pick<Channel>(['online', 'mobile', 'transfer']);
          const merchant = this.merchantFor(account, channel);
          this.emit({
            account,
            at: this.localHourToUtc(day0 + this.rng.between(0, 3), this.dayHour(), account.home),
            clockCity: account.home,
            amount: this.normalAmount(account, merchant),
            channel,
            merchant,
            memo: this.rng.chance(0.3) ? this.memo(this.rng.pick(LEGIT_MEMOS[account.language])) : undefined,
            device: farm,
            deviceGeo: null,
            label: 1,
            pattern: 'device_farm',
          });
        }
      }
    }
    // A stranger's device, far from home, paying an ordinary merchant an ordinary amount.
    for (let i = 0; i < Math.round(380 * scale); i++) {
      const account = this.victim();
      const { day, hour } = this.incidentStart();
      const far = this.rng.pick(CITIES.filter((c) => Math.abs(c.lat - account.home.lat) + Math.abs(c.lon - account.home.lon) > 12));
      const device = this.device();
      for (let t = this.rng.int(1, 3); t > 0; t--) {
        const channel = this.rng.pick<Channel>(['online', 'mobile', 'transfer']);
        const merchant = this.merchantFor(account, channel);
        this.emit({
          account,
          at: this.localHourToUtc(day, hour + t * this.rng.between(0.2, 6), account.home),
          clockCity: account.home,
          amount: this.normalAmount(account, merchant),
          channel,
          merchant,
          memo: this.rng.chance(0.3) ? this.memo(this.rng.pick(LEGIT_MEMOS[account.language])) : undefined,
          device,
          deviceGeo: this.jitter(far, 0.2),
          label: 1,
          pattern: 'new_device_far',
        });
      }
    }
  }
}

export function generateSyntheticTransactions(options: SyntheticOptions = DEFAULT_SYNTHETIC): LabelledRequest[] {
  return new Generator(options).run();
}
