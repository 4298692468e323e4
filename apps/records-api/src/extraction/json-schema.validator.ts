/**
 * A JSON Schema (2020-12) validator for the keywords zod's toJSONSchema emits for the extraction
 * schema. It refuses, when built, a schema that uses any keyword it does not implement, so a change
 * to the zod types can never make validation silently weaker.
 */
export interface SchemaIssue {
  path: string;
  message: string;
}

type JsonSchema = Record<string, unknown> | boolean;

const ANNOTATIONS = new Set(['$schema', 'title', 'description', 'default', 'examples', 'format', 'readOnly', 'writeOnly', 'deprecated']);
const ASSERTIONS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
  'enum',
  'const',
  'anyOf',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
]);

function assertSupported(schema: JsonSchema, path: string): void {
  if (typeof schema === 'boolean') return;
  for (const [keyword, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    if (!ASSERTIONS.has(keyword)) throw new Error(`unsupported JSON Schema keyword ${keyword} at ${path || '/'}`);
    if (keyword === 'properties') for (const [name, child] of Object.entries(value as Record<string, JsonSchema>)) assertSupported(child, `${path}/properties/${name}`);
    if (keyword === 'items' || keyword === 'additionalProperties') assertSupported(value as JsonSchema, `${path}/${keyword}`);
    if (keyword === 'prefixItems' || keyword === 'anyOf') (value as JsonSchema[]).forEach((child, i) => assertSupported(child, `${path}/${keyword}/${i}`));
  }
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

const display = (path: string) => path || '(root)';

function check(schema: JsonSchema, value: unknown, path: string, issues: SchemaIssue[]): void {
  if (schema === true) return;
  if (schema === false) {
    issues.push({ path: display(path), message: 'no value is allowed here' });
    return;
  }
  const s = schema;
  const types = s['type'] === undefined ? undefined : ([] as string[]).concat(s['type'] as string | string[]);
  if (types && !types.some((t) => matchesType(value, t))) {
    issues.push({ path: display(path), message: `expected ${types.join(' or ')}, got ${typeOf(value)}` });
    return;
  }
  if ('const' in s && JSON.stringify(s['const']) !== JSON.stringify(value)) issues.push({ path: display(path), message: `must be ${JSON.stringify(s['const'])}` });
  if (Array.isArray(s['enum']) && !s['enum'].some((option) => JSON.stringify(option) === JSON.stringify(value))) {
    issues.push({ path: display(path), message: `must be one of ${(s['enum'] as unknown[]).map((o) => JSON.stringify(o)).join(', ')}` });
  }
  if (Array.isArray(s['anyOf'])) {
    const branches = s['anyOf'] as JsonSchema[];
    const results = branches.map((branch) => {
      const own: SchemaIssue[] = [];
      check(branch, value, path, own);
      return own;
    });
    if (!results.some((r) => r.length === 0)) {
      // The branch that got furthest (fewest problems) explains the failure best.
      issues.push(...(results.sort((a, b) => a.length - b.length)[0] ?? []));
    }
  }
  if (typeof value === 'number') {
    if (typeof s['minimum'] === 'number' && value < s['minimum']) issues.push({ path: display(path), message: `must be >= ${s['minimum']}` });
    if (typeof s['maximum'] === 'number' && value > s['maximum']) issues.push({ path: display(path), message: `must be <= ${s['maximum']}` });
    if (typeof s['exclusiveMinimum'] === 'number' && value <= s['exclusiveMinimum']) issues.push({ path: display(path), message: `must be > ${s['exclusiveMinimum']}` });
    if (typeof s['exclusiveMaximum'] === 'number' && value >= s['exclusiveMaximum']) issues.push({ path: display(path), message: `must be < ${s['exclusiveMaximum']}` });
    if (!Number.isFinite(value)) issues.push({ path: display(path), message: 'must be a finite number' });
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof s['minLength'] === 'number' && length < s['minLength']) issues.push({ path: display(path), message: `must have at least ${s['minLength']} characters` });
    if (typeof s['maxLength'] === 'number' && length > s['maxLength']) issues.push({ path: display(path), message: `must have at most ${s['maxLength']} characters` });
    if (typeof s['pattern'] === 'string' && !new RegExp(s['pattern'], 'u').test(value)) issues.push({ path: display(path), message: `must match ${s['pattern']}` });
  }
  if (Array.isArray(value)) {
    if (typeof s['minItems'] === 'number' && value.length < s['minItems']) issues.push({ path: display(path), message: `must have at least ${s['minItems']} items` });
    if (typeof s['maxItems'] === 'number' && value.length > s['maxItems']) issues.push({ path: display(path), message: `must have at most ${s['maxItems']} items` });
    const prefix = (s['prefixItems'] as JsonSchema[] | undefined) ?? [];
    value.forEach((item, i) => {
      const itemSchema = i < prefix.length ? prefix[i] : (s['items'] as JsonSchema | undefined);
      if (itemSchema !== undefined) check(itemSchema, item, `${path}.${i}`.replace(/^\./, ''), issues);
    });
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const properties = (s['properties'] as Record<string, JsonSchema> | undefined) ?? {};
    for (const name of (s['required'] as string[] | undefined) ?? []) {
      if (!(name in record) || record[name] === undefined) issues.push({ path: display(join(path, name)), message: 'is required' });
    }
    for (const [name, child] of Object.entries(record)) {
      if (child === undefined) continue;
      const childSchema = properties[name] ?? (s['additionalProperties'] as JsonSchema | undefined);
      if (childSchema === false) issues.push({ path: display(join(path, name)), message: 'is not allowed' });
      else if (childSchema !== undefined) check(childSchema, child, join(path, name), issues);
    }
  }
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

export class JsonSchemaValidator {
  constructor(private readonly schema: JsonSchema) {
    assertSupported(schema, '');
  }

  /** Every problem with `value`, as dotted paths; empty when it conforms. */
  validate(value: unknown): SchemaIssue[] {
    const issues: SchemaIssue[] = [];
    check(this.schema, value, '', issues);
    return issues;
  }
}
