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
const join = (path: string, name: string | number) => (path ? `${path}.${name}` : String(name));

/** Appends every problem of `value` (at `path`) to `issues`. */
type Check = (value: unknown, path: string, issues: SchemaIssue[]) => void;

const codePoints = (value: string) => {
  let count = 0;
  for (const _ of value) count += 1;
  return count;
};

/**
 * The schema turned, once, into one function per node that checks only the keywords the node has:
 * a worker validates every extraction it stores, and walking the schema's keywords, compiling its
 * patterns and serialising its enums on each value cost more than the checks themselves.
 */
function compile(schema: JsonSchema): Check {
  if (schema === true) return () => undefined;
  if (schema === false) return (_value, path, issues) => void issues.push({ path: display(path), message: 'no value is allowed here' });
  const s = schema;
  const checks: Check[] = [];

  if ('const' in s) {
    const expected = JSON.stringify(s['const']);
    checks.push((value, path, issues) => {
      if (JSON.stringify(value) !== expected) issues.push({ path: display(path), message: `must be ${expected}` });
    });
  }
  if (Array.isArray(s['enum'])) {
    const options = new Set((s['enum'] as unknown[]).map((o) => JSON.stringify(o)));
    const message = `must be one of ${[...options].join(', ')}`;
    checks.push((value, path, issues) => {
      if (!options.has(JSON.stringify(value))) issues.push({ path: display(path), message });
    });
  }
  if (Array.isArray(s['anyOf'])) {
    const branches = (s['anyOf'] as JsonSchema[]).map(compile);
    checks.push((value, path, issues) => {
      const results: SchemaIssue[][] = [];
      for (const branch of branches) {
        const own: SchemaIssue[] = [];
        branch(value, path, own);
        if (own.length === 0) return;
        results.push(own);
      }
      // The branch that got furthest (fewest problems) explains the failure best.
      issues.push(...(results.sort((a, b) => a.length - b.length)[0] ?? []));
    });
  }

  const numeric: [string, (value: number, bound: number) => boolean, string][] = [
    ['minimum', (v, b) => v < b, '>='],
    ['maximum', (v, b) => v > b, '<='],
    ['exclusiveMinimum', (v, b) => v <= b, '>'],
    ['exclusiveMaximum', (v, b) => v >= b, '<'],
  ];
  const bounds = numeric.filter(([keyword]) => typeof s[keyword] === 'number').map(([keyword, fails, sign]) => ({ bound: s[keyword] as number, fails, message: `must be ${sign} ${s[keyword]}` }));
  checks.push((value, path, issues) => {
    if (typeof value !== 'number') return;
    for (const { bound, fails, message } of bounds) if (fails(value, bound)) issues.push({ path: display(path), message });
    if (!Number.isFinite(value)) issues.push({ path: display(path), message: 'must be a finite number' });
  });

  const minLength = typeof s['minLength'] === 'number' ? s['minLength'] : undefined;
  const maxLength = typeof s['maxLength'] === 'number' ? s['maxLength'] : undefined;
  const pattern = typeof s['pattern'] === 'string' ? new RegExp(s['pattern'], 'u') : undefined;
  if (minLength !== undefined || maxLength !== undefined || pattern) {
    checks.push((value, path, issues) => {
      if (typeof value !== 'string') return;
      // A string has at most as many code points as UTF-16 units, and at least half as many.
      const needsCount = (minLength !== undefined && Math.ceil(value.length / 2) < minLength) || (maxLength !== undefined && value.length > maxLength);
      const length = needsCount ? codePoints(value) : undefined;
      if (minLength !== undefined && length !== undefined && length < minLength) issues.push({ path: display(path), message: `must have at least ${minLength} characters` });
      if (maxLength !== undefined && length !== undefined && length > maxLength) issues.push({ path: display(path), message: `must have at most ${maxLength} characters` });
      if (pattern && !pattern.test(value)) issues.push({ path: display(path), message: `must match ${s['pattern']}` });
    });
  }

  const minItems = typeof s['minItems'] === 'number' ? s['minItems'] : undefined;
  const maxItems = typeof s['maxItems'] === 'number' ? s['maxItems'] : undefined;
  const prefix = ((s['prefixItems'] as JsonSchema[] | undefined) ?? []).map(compile);
  const items = s['items'] === undefined ? undefined : compile(s['items'] as JsonSchema);
  checks.push((value, path, issues) => {
    if (!Array.isArray(value)) return;
    if (minItems !== undefined && value.length < minItems) issues.push({ path: display(path), message: `must have at least ${minItems} items` });
    if (maxItems !== undefined && value.length > maxItems) issues.push({ path: display(path), message: `must have at most ${maxItems} items` });
    for (let i = 0; i < value.length; i += 1) {
      const itemCheck = i < prefix.length ? prefix[i] : items;
      if (itemCheck) itemCheck(value[i], join(path, i), issues);
    }
  });

  const properties = new Map(Object.entries((s['properties'] as Record<string, JsonSchema> | undefined) ?? {}).map(([name, child]) => [name, compile(child)]));
  const additional = s['additionalProperties'] as JsonSchema | undefined;
  const additionalCheck = additional === undefined || additional === false ? undefined : compile(additional);
  const required = (s['required'] as string[] | undefined) ?? [];
  checks.push((value, path, issues) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    const record = value as Record<string, unknown>;
    for (const name of required) if (!(name in record) || record[name] === undefined) issues.push({ path: display(join(path, name)), message: 'is required' });
    for (const name in record) {
      const child = record[name];
      if (child === undefined || !Object.hasOwn(record, name)) continue;
      const childCheck = properties.get(name) ?? additionalCheck;
      if (childCheck) childCheck(child, join(path, name), issues);
      else if (additional === false) issues.push({ path: display(join(path, name)), message: 'is not allowed' });
    }
  });

  const types = s['type'] === undefined ? undefined : ([] as string[]).concat(s['type'] as string | string[]);
  return (value, path, issues) => {
    if (types && !types.some((t) => matchesType(value, t))) {
      issues.push({ path: display(path), message: `expected ${types.join(' or ')}, got ${typeOf(value)}` });
      return;
    }
    for (const check of checks) check(value, path, issues);
  };
}

export class JsonSchemaValidator {
  private readonly check: Check;

  constructor(schema: JsonSchema) {
    assertSupported(schema, '');
    this.check = compile(schema);
  }

  /** Every problem with `value`, as dotted paths; empty when it conforms. */
  validate(value: unknown): SchemaIssue[] {
    const issues: SchemaIssue[] = [];
    this.check(value, '', issues);
    return issues;
  }
}
