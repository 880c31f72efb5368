type Json = Record<string, any>;

/**
 * Values the API reference uses for fields of these names, so a synthesized example reads like the reference's own:
 * an app `api` in space `dev` of org `acme`, hosts under example.invalid.
 */
const BY_FIELD: Record<string, unknown> = {
  name: 'api',
  app: 'api-dev',
  key: 'api-dev',
  org: 'acme',
  organization: 'acme',
  space: 'dev',
  pipeline: 'api-pipeline',
  stage: 'development',
  email: 'owner@example.invalid',
  username: 'owner',
  user: 'owner',
  description: 'An example',
  type: 'web',
  size: 'scout',
  region: 'local',
  stack: 'ds1',
  url: 'https://hooks.example.invalid/slipway',
  web_url: 'https://api-dev.apps.example.invalid/',
  git_url: '',
  domain: 'www.example.invalid',
  command: 'npm start',
  status: 'succeeded',
  state: 'succeeded',
  role: 'member',
  message: 'Done.',
  compliance: 'socs',
  checksum: `sha256:${'0'.repeat(64)}`,
  secret: 'an example secret',
  version: 1,
  quantity: 1,
  port: 9000,
  plan: 'postgresql:hobby',
  events: 'release',
};

/** Fields holding the id of another record. */
const ID_FIELDS = new Set(['id', 'slug', 'release']);

/** A UUID fixed by where it appears, so the examples are stable between builds. */
function uuidFor(seed: string): string {
  let hex = '';
  for (let round = 0; hex.length < 32; round++) {
    let h = 0x811c9dc5 ^ round;
    for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
    hex += h.toString(16).padStart(8, '0');
  }
  // Version 4 and RFC 4122 variant bits: a uuid every validator accepts.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The `name` of a nested reference, by the field holding it (`organization.name` is an org's name, not an app's). */
const NAME_BY_PARENT: Record<string, string> = {
  organization: 'acme',
  space: 'dev',
  region: 'local',
  stack: 'ds1',
  build_stack: 'ds1',
  pipeline: 'api-pipeline',
  addon_service: 'postgresql',
  plan: 'postgresql:hobby',
  app: 'api-dev',
};

/** A string for `field` that its schema accepts (format, enum, length). */
function stringFor(s: Json, field: string, at: string): string {
  if (s.format === 'uuid') return uuidFor(at);
  if (s.format === 'date-time') return '2026-01-02T03:04:05.000Z';
  if (s.format === 'uri' || s.format === 'url') return 'https://example.invalid/';
  if (s.format === 'email') return 'owner@example.invalid';
  if (ID_FIELDS.has(field) && !s.maxLength) return uuidFor(at);
  const known = BY_FIELD[field];
  let v = typeof known === 'string' ? known : field.endsWith('_at') ? '2026-01-02T03:04:05.000Z' : field.endsWith('url') ? 'https://example.invalid/' : field || 'example';
  if (typeof s.maxLength === 'number' && v.length > s.maxLength) v = v.slice(0, s.maxLength);
  if (typeof s.minLength === 'number' && v.length < s.minLength) v = v.padEnd(s.minLength, 'x');
  return v;
}

/**
 * A value of a JSON Schema (as the document holds it, with `#/components/schemas` references), built from the
 * field names of the reference. Used for operations no hand-written example covers.
 */
export function exampleOf(schema: Json | undefined, components: Json, io: 'input' | 'output', field = '', at = '', depth = 0): unknown {
  const next = (s: Json | undefined, f = field, a = at) => exampleOf(s, components, io, f, a, depth + 1);
  if (!schema || depth > 12) return null;
  if (typeof schema.$ref === 'string') return next(components[schema.$ref.split('/').pop()!] as Json);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ('default' in schema && schema.default !== undefined) return schema.default;
  const options = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (options) {
    const pick = options.find((o) => o.type !== 'null') ?? options[0];
    return next(pick);
  }
  if (Array.isArray(schema.allOf)) return Object.assign({}, ...schema.allOf.map((s: Json) => next(s)));
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Json = {};
      const required = new Set((schema.required ?? []) as string[]);
      for (const [k, v] of Object.entries((schema.properties ?? {}) as Json)) {
        // A request shows what a caller typically sends: the required fields and the well-known optional ones.
        if (io === 'input' && !required.has(k) && !(k in BY_FIELD)) continue;
        out[k] = k === 'name' && field in NAME_BY_PARENT && (v as Json).type === 'string' ? NAME_BY_PARENT[field] : next(v, k, `${at}.${k}`);
      }
      const extra = schema.additionalProperties;
      if (!schema.properties && extra && typeof extra === 'object' && Object.keys(extra).length) out.EXAMPLE_KEY = next(extra, 'value', `${at}.*`);
      return out;
    }
    case 'array': {
      const n = Math.max(1, schema.minItems ?? 1);
      return Array.from({ length: n }, (_, i) => next(schema.items, field, `${at}[${i}]`));
    }
    case 'string':
      return stringFor(schema, field, at);
    case 'integer':
    case 'number': {
      const known = BY_FIELD[field];
      const min = typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : undefined;
      const max = typeof schema.maximum === 'number' ? schema.maximum : undefined;
      let v = typeof known === 'number' ? known : 1;
      if (min !== undefined && v < min) v = min;
      if (max !== undefined && v > max) v = max;
      return v;
    }
    case 'boolean':
      return field === 'active' || field === 'enabled';
    case 'null':
      return null;
    default:
      return null;
  }
}
