/**
 * The tagger's label space: BIO over the record fields the service extracts and the other Yidu-S4K
 * types. The order is part of the model (emission columns), so it only ever grows at the end with a
 * new feature-spec version.
 */
export const ENTITY_TYPES = [
  'NAME',
  'AGE',
  'SEX',
  'DIAGNOSIS',
  'DRUG',
  'DOSE',
  'FREQUENCY',
  'ROUTE',
  'SURGERY',
  'ANATOMY',
  'IMAGING',
  'LAB',
] as const;

export type EntityType = (typeof ENTITY_TYPES)[number];

export const TAGS: readonly string[] = ['O', ...ENTITY_TYPES.flatMap((type) => [`B-${type}`, `I-${type}`])];

export const OUTSIDE = 0;

export function beginTag(type: EntityType): number {
  return 1 + 2 * ENTITY_TYPES.indexOf(type);
}

export function insideTag(type: EntityType): number {
  return 2 + 2 * ENTITY_TYPES.indexOf(type);
}

/** The entity type of a tag index, or null for O. */
export function tagType(tag: number): EntityType | null {
  if (tag <= OUTSIDE || tag >= TAGS.length) return null;
  return ENTITY_TYPES[(tag - 1) >> 1] ?? null;
}

export function isBegin(tag: number): boolean {
  return tag > OUTSIDE && (tag - 1) % 2 === 0;
}

/** Yidu-S4K's six entity types in this tag set. */
export const YIDU_TYPES: Readonly<Record<string, EntityType>> = {
  疾病和诊断: 'DIAGNOSIS',
  药物: 'DRUG',
  手术: 'SURGERY',
  解剖部位: 'ANATOMY',
  影像检查: 'IMAGING',
  实验室检验: 'LAB',
};
