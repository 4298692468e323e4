/**
 * Section detection for Chinese and English clinical documents. A section starts at a line whose
 * beginning is a known heading followed by a colon (or that is the heading alone); the section's
 * kind lets later passes treat, say, everything under 家族史 / Family history as a relative's.
 */
export type SectionKind =
  | 'header'
  | 'complaint'
  | 'present-illness'
  | 'past-history'
  | 'personal-history'
  | 'family-history'
  | 'allergies'
  | 'examination'
  | 'investigations'
  | 'diagnosis'
  | 'treatment'
  | 'medications'
  | 'advice';

export interface Section {
  kind: SectionKind;
  /** The whole section, heading included, in normalised-text offsets. */
  start: number;
  end: number;
  /** Where the section's content begins (after the heading and its colon). */
  contentStart: number;
}

const HEADINGS: ReadonlyArray<readonly [SectionKind, readonly string[]]> = [
  ['complaint', ['主诉', 'chief complaint', 'presenting complaint', 'reason for visit', 'cc']],
  ['present-illness', ['现病史', '病史摘要', 'history of present illness', 'present illness', 'hpi', 'history']],
  ['past-history', ['既往史', '既往病史', 'past medical history', 'medical history', 'pmh', 'past history']],
  ['personal-history', ['个人史', '婚育史', '月经史', 'social history', 'personal history']],
  ['family-history', ['家族史', 'family history', 'fh', 'fhx']],
  ['allergies', ['过敏史', '药物过敏史', 'allergies', 'allergy', 'drug allergies']],
  ['examination', ['体格检查', '查体', '专科检查', '入院查体', 'physical examination', 'examination', 'exam', 'physical exam']],
  [
    'investigations',
    ['辅助检查', '检查结果', '实验室检查', '影像学检查', '检查所见', '影像所见', 'investigations', 'laboratory', 'labs', 'imaging', 'findings', 'results'],
  ],
  [
    'diagnosis',
    [
      '诊断',
      '入院诊断',
      '出院诊断',
      '初步诊断',
      '临床诊断',
      '门诊诊断',
      '诊断结果',
      '印象',
      '检查结论',
      '结论',
      'diagnosis',
      'diagnoses',
      'admission diagnosis',
      'discharge diagnosis',
      'discharge diagnoses',
      'final diagnosis',
      'assessment',
      'impression',
      'clinical diagnosis',
      'conclusion',
    ],
  ],
  ['treatment', ['诊疗经过', '住院经过', '治疗经过', 'hospital course', 'treatment', 'course']],
  [
    'medications',
    [
      '用药',
      '处方',
      'rp',
      '出院带药',
      '用药建议',
      '用药情况',
      '药物治疗',
      'medications',
      'medication',
      'discharge medications',
      'prescription',
      'current medications',
      'rx',
    ],
  ],
  ['advice', ['出院医嘱', '医嘱', '建议', '注意事项', '随访', 'advice', 'instructions', 'discharge instructions', 'plan', 'follow-up', 'follow up', 'recommendations']],
  ['header', ['基本信息', '患者信息', 'patient information', 'patient details', 'demographics']],
];

const HEADING_KIND = new Map<string, SectionKind>(HEADINGS.flatMap(([kind, names]) => names.map((n) => [n, kind] as const)));

const HEADING_PATTERN = /^[\s【[#*]*([\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z /-]{0,32}?)[】\]*]*\s*(?:[:：]|$)/;

/** The heading kind a line starts with, and where its content starts, or null. */
export function matchHeading(line: string): { kind: SectionKind; contentOffset: number } | null {
  const match = HEADING_PATTERN.exec(line);
  if (!match || match[1] === undefined) return null;
  const kind = HEADING_KIND.get(match[1].trim().toLowerCase());
  return kind ? { kind, contentOffset: match[0].length } : null;
}

export function splitSections(text: string): Section[] {
  const sections: Section[] = [];
  let current: Section = { kind: 'header', start: 0, end: text.length, contentStart: 0 };
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const heading = matchHeading(text.slice(lineStart, lineEnd));
    if (heading) {
      if (lineStart > current.start) sections.push({ ...current, end: lineStart });
      current = { kind: heading.kind, start: lineStart, end: text.length, contentStart: lineStart + heading.contentOffset };
    }
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  sections.push({ ...current, end: text.length });
  return sections.filter((s) => s.end > s.start || text.length === 0);
}

export function sectionAt(sections: readonly Section[], offset: number): Section | undefined {
  return sections.find((s) => offset >= s.start && offset < s.end);
}
