/**
 * Seeded maintenance-log entries tied to a bearing's state, in Chinese, English or both, written the
 * way shop-floor logs are: terse, abbreviated, misspelt, often routine and sometimes wrong. The log
 * must never make the vibration irrelevant: most windows have no log or a routine one, a symptom
 * rarely names the fault, and some entries point the wrong way.
 */
import { FAULT_LABELS, type FaultLabel } from '@mosaic/telemetry';
import { gaussian, pick, type Random } from './seeded-random';

type Kind = 'routine' | 'symptom' | 'diagnosis' | 'healthy';
type Language = 'zh' | 'en';

const PHRASES: Record<Exclude<Kind, 'diagnosis'>, Record<Language, readonly string[]>> = {
  routine: {
    zh: ['例行巡检，设备运行正常', '按计划加注润滑脂', '更换空气滤芯', '紧固地脚螺栓', '清洁电机散热片', '点检完成，无异常', '更换联轴器弹性体', '检查接线盒，端子无松动', '润滑油位正常', '班前点检OK', '更换密封圈'],
    en: ['routine inspection, running normally', 'greased bearings per PM schedule', 'replaced air filter', 'tightened base bolts', 'cleaned motor fins', 'PM done, no issues', 'coupling insert replaced', 'checked terminal box, all tight', 'oil level ok', 'shift check ok', 'replaced seal'],
  },
  symptom: {
    zh: ['听到异响', '驱动端轴承有异响', '振动偏大', '轴承座温度偏高', '运行声音不正常，需关注', '有周期性敲击声', '手感振动明显', '噪音比上周大'],
    en: ['abnormal noise at DE bearing', 'vibration higher than usual', 'bearing housing feels hot', 'knocking sound, keep an eye on it', 'noisy motor', 'grinding noise on startup', 'operator reports rumble', 'vib up vs last week'],
  },
  healthy: {
    zh: ['更换新轴承后试运行正常', '振动值在正常范围', '复测振动合格'],
    en: ['new bearing installed, test run ok', 'vibration within limits', 're-measured vib, ok'],
  },
};

const DIAGNOSES: Record<Exclude<FaultLabel, 'normal'>, Record<Language, readonly string[]>> = {
  inner_race: { zh: ['疑似内圈故障', '频谱显示内圈故障频率', '内圈点蚀'], en: ['suspect inner race defect', 'BPFI peaks in spectrum', 'inner race pitting suspected'] },
  outer_race: { zh: ['疑似外圈剥落', '外圈故障频率明显', '轴承外圈有损伤'], en: ['outer race spall suspected', 'BPFO visible on analyzer', 'outer ring damage likely'] },
  ball: { zh: ['滚动体磨损', '疑似滚珠损伤', '滚动体故障特征'], en: ['rolling element wear', 'ball defect suspected', 'BSF sidebands seen'] },
};

const PREFIXES = ['', '', '', '夜班：', 'B班 ', '11/26 ', '2026-11-2 ', 'ZL: ', 'wk - ', 'M-07 ', 'P3泵 ', '#2 fan: ', '[PM] '];
const SUFFIXES = ['', '', '', '。', '...', '!!', ' 待观察', ' will recheck', ' 已报修', ' ticket raised'];

/** Shares of each kind of entry, by the bearing's true state ('absent' means no log at all). */
const KIND_SHARES: Record<'fault' | 'normal', readonly [Kind | 'absent' | 'wrong-diagnosis', number][]> = {
  fault: [['absent', 0.45], ['routine', 0.22], ['symptom', 0.2], ['diagnosis', 0.07], ['wrong-diagnosis', 0.03], ['healthy', 0.03]],
  normal: [['absent', 0.45], ['routine', 0.33], ['symptom', 0.1], ['wrong-diagnosis', 0.05], ['healthy', 0.07]],
};

function typo(random: Random, text: string): string {
  if (text.length < 6 || random() > 0.15) return text;
  const at = 1 + Math.floor(random() * (text.length - 2));
  return random() < 0.5 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + (text[at + 1] ?? '') + (text[at] ?? '') + text.slice(at + 2);
}

function phrase(random: Random, kind: Kind, language: Language, diagnosis: Exclude<FaultLabel, 'normal'>): string {
  const pool = kind === 'diagnosis' ? DIAGNOSES[diagnosis][language] : PHRASES[kind][language];
  return language === 'en' ? typo(random, pick(random, pool)) : pick(random, pool);
}

/** One log entry for a bearing in state `label`, or undefined when the asset has no recent log. */
export function generateMaintenanceLog(random: Random, label: FaultLabel): string | undefined {
  const shares = KIND_SHARES[label === 'normal' ? 'normal' : 'fault'];
  let roll = random();
  let chosen: (typeof shares)[number][0] = 'absent';
  for (const [kind, share] of shares) {
    if (roll < share) {
      chosen = kind;
      break;
    }
    roll -= share;
  }
  if (chosen === 'absent') return undefined;
  const faults = FAULT_LABELS.filter((l): l is Exclude<FaultLabel, 'normal'> => l !== 'normal');
  const diagnosis = chosen === 'wrong-diagnosis' ? pick(random, faults.filter((f) => f !== label)) : label === 'normal' ? pick(random, faults) : label;
  const kind: Kind = chosen === 'wrong-diagnosis' ? 'diagnosis' : chosen;
  const language: Language = random() < 0.5 ? 'zh' : 'en';
  let text = phrase(random, kind, language, diagnosis);
  const roll2 = random();
  // A second clause in the other language, sometimes of another kind: logs mix findings with chores.
  if (roll2 < 0.2) text += ` / ${phrase(random, kind, language === 'zh' ? 'en' : 'zh', diagnosis)}`;
  else if (roll2 < 0.35) text += `，${phrase(random, 'routine', random() < 0.5 ? 'zh' : 'en', diagnosis)}`;
  text = pick(random, PREFIXES) + text + pick(random, SUFFIXES);
  return random() < 0.2 ? text.toUpperCase() : text;
}

/** Temperature readings for a batch: ambient plus load, a little heat from a damaged bearing, sensor noise. */
export function generateTemperature(random: Random, label: FaultLabel, diameterInches: number): number[] | undefined {
  if (random() < 0.4) return undefined;
  const readings = 1 + Math.floor(random() * 10);
  const heat = label === 'normal' ? 0 : diameterInches * 100 * random();
  const base = 38 + 14 * random() + heat;
  const drift = 0.3 * gaussian(random);
  return Array.from({ length: readings }, (_, i) => Math.round((base + (drift * i) / readings + 0.2 * gaussian(random)) * 10) / 10);
}
