/**
 * Which of the tagged names, ages and sexes are the patient's. A document also names doctors,
 * nurses and relatives, and states relatives' ages; the words just before a mention say whose it
 * is ("医师：", "Dr.", "家属", "mother"), and the heading fields ("姓名：", "Patient:") say it is the
 * patient's. When the tagger marked nothing, the heading fields are read directly.
 */
import type { PreparedDocument } from './document-preparer';
import { parseAge, parseSex, type Age, type Sex } from './demographics-parser';
import type { TaggedEntity } from './entity-spans';
import type { FieldEvidence, PatientInfo } from './extraction.types';
import { toStoredSpan } from '../normalization/text-normalizer';

const STAFF_CUE =
  /(?:医师|医生|主任|大夫|签名|签字|记录者|记录人|主治|住院医|经治|审核|审核人|开方|药师|护士|护师|技师|报告人|报告医生|Dr\.?|Doctor|Physician|Attending|Signed(?: by)?|Resident|Nurse|RN|Pharmacist|Prescriber|Reported by|Reviewed by|Dictated by|Consultant|Surgeon|by)\s*[:：|]?\s*$/i;
const RELATIVE_CUE =
  /(?:家属|其母|其父|母亲|父亲|妻子|丈夫|儿子|女儿|之子|之女|配偶|爱人|联系人|监护人|陪同人?|陪诊|紧急联系人|代办人|代理人|取药人|Mother|Father|Wife|Husband|Son|Daughter|Spouse|Guardian|Contact|Emergency contact|Relative|Next of kin|Accompanied by|Picked up by|Collected by|Brother|Sister|Parent|Informant)(?:\s*(?:姓名|name))?\s*(?:\([^)]*\))?\s*[:：|]?\s*(?:is\s+|was\s+)?$/i;
const PATIENT_CUE = /(?:姓名|患者姓名|病人姓名|患者|病人|病员|患儿|Patient name|Patient|Name|Pt\.?|Mr\.?|Mrs\.?|Ms\.?|Miss)\s*[:：|]?\s*$/i;
/** Field labels a tagged name may have swallowed ("张伟性别" in "姓名：张伟性别：男", "Charles Kumar Age" in "Name: Charles Kumar Age: 54"). */
const FIELD_LABEL = /性别|年龄|科室|科别|门诊号|住院号|床号|病历号|电话|民族|职业|\s(?:Age|Sex|Gender|DOB|MRN|Bed|Ward|Dept|Department|Tel|Phone|Date)\b/u;
const TITLES = /^(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+/;

const FAMILY_AGE_CUE =
  /(?:父亲|母亲|其父|其母|父|母|哥哥|姐姐|弟弟|妹妹|兄|儿子|女儿|妻子|丈夫|配偶|爱人|祖父|祖母|father|mother|brother|sister|son|daughter|wife|husband|spouse|parent)\S{0,4}\s*[,，]?\s*$/i;

function lineBefore(text: string, at: number, reach = 24): string {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return text.slice(Math.max(lineStart, at - reach), at);
}

function sentenceBefore(doc: PreparedDocument, at: number): string {
  const sentence = doc.sentences.find((s) => at >= s.start && at < s.end);
  return doc.normalized.text.slice(sentence ? sentence.start : Math.max(0, at - 20), at);
}

function evidence(doc: PreparedDocument, start: number, end: number, confidence: number): FieldEvidence {
  return { span: toStoredSpan(doc.normalized, start, end), confidence: Math.round(confidence * 1000) / 1000 };
}

function inFamilySection(doc: PreparedDocument, at: number): boolean {
  return doc.sections.some((s) => s.kind === 'family-history' && at >= s.start && at < s.end);
}

/**
 * [start, end) narrowed to its first and last letter: a name starts and ends with one, so brackets,
 * slashes, digits or spaces the tagger swept in at either end ("罗杰〔", "】岳东铭") are dropped.
 */
function letterBounds(text: string, start: number, end: number): [number, number] {
  const isLetter = (at: number) => /\p{L}/u.test(text[at] ?? '');
  while (start < end && !isLetter(start)) start += 1;
  while (end > start && !isLetter(end - 1)) end -= 1;
  return [start, end];
}

function pickName(doc: PreparedDocument, names: readonly TaggedEntity[]): { name: string; evidence: FieldEvidence } | null {
  const text = doc.normalized.text;
  let best: { score: number; entity: TaggedEntity } | null = null;
  names.forEach((entity, order) => {
    const before = lineBefore(text, entity.start);
    const after = text.slice(entity.end, entity.end + 8);
    let score = entity.confidence - order * 0.01;
    if (STAFF_CUE.test(before) || RELATIVE_CUE.test(before) || /^\s*[(（](?:患者之|家属|其)/u.test(after)) score -= 5;
    else if (PATIENT_CUE.test(before)) score += 2;
    if (inFamilySection(doc, entity.start)) score -= 5;
    if (score > -1 && (!best || score > best.score)) best = { score, entity };
  });
  const chosen = best as { score: number; entity: TaggedEntity } | null;
  if (chosen) {
    // A title ("Mr.") or the tail of the field label ("名" of 姓名) the tagger swept in is not the name.
    const lead = TITLES.exec(chosen.entity.text) ?? (text[chosen.entity.start - 1] === '姓' ? /^名[:：]?\s*/u.exec(chosen.entity.text) : null);
    const from = chosen.entity.start + (lead ? lead[0].length : 0);
    const label = FIELD_LABEL.exec(text.slice(from, chosen.entity.end + 2));
    const [start, end] = letterBounds(text, from, label && from + label.index < chosen.entity.end ? from + label.index : chosen.entity.end);
    if (end - start >= 2) {
      return {
        name: text.slice(start, end),
        evidence: evidence(doc, start, end, chosen.entity.confidence * (chosen.score >= 1 ? 1 : 0.85)),
      };
    }
  }
  // A labelled field ("姓名：", "[患者]", "Name ="), or the patient introduced with an age ("患者张伟，45岁").
  const field =
    /(?:姓名|患者姓名|患者(?=\s*[\]】>)）:：|=])|Patient name|Name|Patient|PATIENT|NAME)\s*[\]】>)）]?\s*[:：|=]?\s*((?:Mr|Mrs|Ms|Miss)\.?\s+)?([\u4e00-\u9fff]{2,4}|[A-Z][a-z]+(?:[ -][A-Z][a-z'’]+){0,2})/.exec(text) ??
    /患者()([\u4e00-\u9fff]{2,4})[，,、]\s*\d+(?:岁|个月|天)/.exec(text);
  if (!field || field[2] === undefined) return null;
  const start = field.index + field[0].length - field[2].length;
  const name = field[2].slice(0, FIELD_LABEL.exec(text.slice(start, start + field[2].length + 2))?.index ?? field[2].length);
  return name.length >= 2 ? { name, evidence: evidence(doc, start, start + name.length, 0.6) } : null;
}

function pickAge(doc: PreparedDocument, ages: readonly TaggedEntity[]): { age: Age; evidence: FieldEvidence } | null {
  for (const entity of ages) {
    const age = parseAge(entity.text) ?? (/^\d+(?:\.\d+)?$/.test(entity.text.trim()) ? { value: Number(entity.text), unit: 'year' as const } : null);
    if (!age) continue;
    if (inFamilySection(doc, entity.start) || FAMILY_AGE_CUE.test(sentenceBefore(doc, entity.start))) continue;
    return { age, evidence: evidence(doc, entity.start, entity.end, entity.confidence) };
  }
  const text = doc.normalized.text;
  const fields = text.matchAll(
    /(?:年龄|Age|AGE)\s*[:：|]?\s*(\d+(?:\.\d+)?\s*(?:岁|个月|月|天|日|周|years?|months?|days?|weeks?|y)?)|(\d+(?:\.\d+)?\s*岁|\d+-year-old|\d+ years? old)/gi,
  );
  for (const field of fields) {
    const written = field[1] ?? field[2];
    if (written === undefined) continue;
    const start = field.index + field[0].length - written.length;
    if (inFamilySection(doc, start) || FAMILY_AGE_CUE.test(sentenceBefore(doc, start))) continue;
    const age = parseAge(written) ?? { value: Number.parseFloat(written), unit: 'year' as const };
    return { age, evidence: evidence(doc, start, start + written.length, 0.6) };
  }
  return null;
}

function pickSex(doc: PreparedDocument, sexes: readonly TaggedEntity[]): { sex: Sex; evidence: FieldEvidence } | null {
  for (const entity of sexes) {
    const sex = parseSex(entity.text);
    if (!sex || inFamilySection(doc, entity.start)) continue;
    if (RELATIVE_CUE.test(lineBefore(doc.normalized.text, entity.start, 12))) continue;
    return { sex, evidence: evidence(doc, entity.start, entity.end, entity.confidence) };
  }
  const text = doc.normalized.text;
  const field = /(?:性别|Sex|Gender)\s*[:：|]?\s*(男|女|male|female|M|F)(?![a-z])|\d+[- ](?:year|month|day)s?[- ]old (man|woman|male|female|boy|girl)/i.exec(text);
  const written = field?.[1] ?? field?.[2];
  const sex = written ? parseSex(written) : null;
  if (!field || !written || !sex) return null;
  const start = field.index + field[0].length - written.length;
  return { sex, evidence: evidence(doc, start, start + written.length, 0.6) };
}

/** "Brenda" and "Baker" tagged apart, with one space between them, are one name. */
function joinNameParts(text: string, names: readonly TaggedEntity[]): TaggedEntity[] {
  const joined: TaggedEntity[] = [];
  for (const name of names) {
    const last = joined[joined.length - 1];
    if (last && name.start - last.end === 1 && text[last.end] === ' ' && /^[A-Z]/.test(name.text)) {
      joined[joined.length - 1] = { ...last, end: name.end, text: text.slice(last.start, name.end), confidence: Math.min(last.confidence, name.confidence) };
    } else joined.push(name);
  }
  return joined;
}

export function assemblePatient(doc: PreparedDocument, entities: readonly TaggedEntity[]): PatientInfo {
  const name = pickName(doc, joinNameParts(doc.normalized.text, entities.filter((e) => e.type === 'NAME')));
  const age = pickAge(doc, entities.filter((e) => e.type === 'AGE'));
  const sex = pickSex(doc, entities.filter((e) => e.type === 'SEX'));
  return {
    name: name?.name ?? null,
    age: age?.age ?? null,
    sex: sex?.sex ?? null,
    evidence: { name: name?.evidence ?? null, age: age?.evidence ?? null, sex: sex?.evidence ?? null },
  };
}
