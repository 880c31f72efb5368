import { z } from 'zod';
import { ErrorBody } from '@slipway/core';
import type { RouteDef } from '@slipway/core';
import { operationId } from './operation-id.js';
import { closeRequests, openResponses } from './schema-openness.js';
import { TAG_DESCRIPTIONS } from './tag-descriptions.js';
import { exampleOf } from './example-values.js';

type Json = Record<string, unknown>;

/** Example bodies of one operation (the request body's and the success response's). */
export interface OperationExample {
  request?: unknown;
  response?: unknown;
}

/** What the document says about itself. */
export interface OpenApiInfo {
  title: string;
  version: string;
  /** Example bodies by operation id (see `operationId`); an operation without one gets one built from its schema. */
  examples?: Record<string, OperationExample>;
}

/** Converts a zod schema and hoists its named sub-schemas into `components.schemas`. */
function convert(schema: z.ZodType, io: 'input' | 'output', components: Json, seen: Map<string, string>): Json {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  const defs = (json.$defs ?? {}) as Json;
  delete json.$defs;
  delete json.$schema;
  // Answers stay open to fields added later, so a client generated today keeps working; requests stay closed.
  const shape = (s: Json) => (io === 'output' ? openResponses(s) : closeRequests(s));
  const put = (name: string, s: Json) => {
    // One name, one schema: a named schema read as a request and as an answer would be both closed and open.
    if (seen.get(name) && seen.get(name) !== io) throw new Error(`schema ${name} is used by requests and responses; give the request its own id`);
    seen.set(name, io);
    components[name] = shape(s);
  };
  for (const [name, def] of Object.entries(defs)) put(name, def as Json);
  if (typeof json.id === 'string') {
    const name = json.id;
    delete json.id;
    put(name, json);
    return { $ref: `#/components/schemas/${name}` };
  }
  return shape(json);
}

/** Rewrites `#/$defs/X` references to where the document keeps them. */
function relink<T>(doc: T): T {
  return JSON.parse(JSON.stringify(doc).replaceAll('"#/$defs/', '"#/components/schemas/')) as T;
}

/** A path template with its parameter names blanked: two spellings differing only by names are one path to OpenAPI. */
function pathShape(oaPath: string): string {
  return oaPath.replace(/\{[^}]+\}/g, '{}');
}

const REQUEST_ID = { $ref: '#/components/headers/Request-Id' };

/** Headers every answer carries, success or error. */
const HEADERS: Json = {
  'Request-Id': { description: "The request's id (the caller's own Request-Id when it sent a sane one); logs carry it.", schema: { type: 'string' } },
  'Next-Range': { description: 'On a 206 page: the Range header that fetches the next page.', schema: { type: 'string' } },
};

/** An error answer of the given meaning. */
function errorResponse(description: string): Json {
  return { description, headers: { 'Request-Id': REQUEST_ID }, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
}

/** The error answers operations share, kept once in `components.responses`. */
const ERRORS: Json = {
  BadRequest: errorResponse('Malformed request: a body that is not JSON, or a bad Range header'),
  Unauthorized: errorResponse('No valid token'),
  Forbidden: errorResponse('The caller lacks the permission the operation names (`x-permission`)'),
  NotFound: errorResponse('A resource the path names does not exist'),
  Invalid: errorResponse('Invalid input; `field` names the part at fault'),
  Error: errorResponse('Error'),
};

/** A reference to a shared error answer. */
const ref = (name: keyof typeof ERRORS & string) => ({ $ref: `#/components/responses/${name}` });

/** The 4xx answers an operation can give, from what it takes: a token, path parameters, a body, a Range. */
function errorResponses(r: RouteDef, hasParams: boolean): Json {
  const out: Json = {};
  if (r.list || r.body || r.query) out['400'] = ref('BadRequest');
  if (!r.public) out['401'] = ref('Unauthorized');
  if (r.permission) out['403'] = ref('Forbidden');
  if (hasParams) out['404'] = ref('NotFound');
  if (r.body || r.query || hasParams) out['422'] = ref('Invalid');
  return out;
}

/** The `examples` of a media type: the hand-written one when given, else one built from the schema's field names. */
function exampleEntry(given: unknown, schema: Json, components: Json, io: 'input' | 'output'): Json {
  if (given !== undefined) return { seed: { summary: 'In the shape of the API reference', value: given } };
  return { synthesized: { summary: 'Built from the schema with the reference’s names', value: exampleOf(schema, components, io) } };
}

/** Builds the OpenAPI 3.1 document for every route from the same zod schemas that validate requests. */
export function openApiDocument(routes: RouteDef[], info: OpenApiInfo): Json {
  const components: Json = {};
  const paths: Record<string, Json> = {};
  // Path spellings by shape, so `/apps/{app}/dynos/{dyno}` and `/apps/{app}/dynos/{type}` land on one path item.
  const byShape = new Map<string, string>();
  const seen = new Map<string, string>();
  convert(ErrorBody, 'output', components, seen);
  for (const r of routes) {
    const example = info.examples?.[operationId(r)];
    for (const p of Array.isArray(r.path) ? r.path : [r.path]) {
      let oaPath = p.replace(/:([A-Za-z_]+)/g, '{$1}');
      oaPath = byShape.get(pathShape(oaPath)) ?? oaPath;
      byShape.set(pathShape(oaPath), oaPath);
      const names = [...oaPath.matchAll(/\{([A-Za-z_]+)\}/g)].map((m) => m[1]!);
      const params = names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
      const query = r.query
        ? Object.entries((convert(r.query, 'input', components, seen).properties ?? {}) as Json).map(([name, schema]) => ({ name, in: 'query', required: false, schema }))
        : [];
      const headers = r.list ? [{ name: 'Range', in: 'header', required: false, schema: { type: 'string' }, description: `e.g. "${r.list[0]} ..; max=200"; sortable by ${r.list.join(', ')}` }] : [];
      const item = convert(r.response, 'output', components, seen);
      const ok = r.list ? { type: 'array', items: item } : item;
      const status = r.status ?? 200;
      const okExample = { examples: exampleEntry(example?.response, ok, components, 'output') };
      const body = r.stream ? { [r.stream]: { schema: { type: 'string' } } } : { 'application/json': { schema: ok, ...okExample } };
      const responses: Json = {
        [String(status)]: { description: 'Success', headers: { 'Request-Id': REQUEST_ID }, ...(status === 204 || status === 205 ? {} : { content: body }) },
      };
      if (r.list) responses['206'] = { description: 'Partial: more remain; see the Next-Range header', headers: { 'Request-Id': REQUEST_ID, 'Next-Range': { $ref: '#/components/headers/Next-Range' } }, content: body };
      Object.assign(responses, errorResponses(r, names.length > 0), { default: ref('Error') });
      const alternate = p !== (Array.isArray(r.path) ? r.path[0] : r.path);
      const op: Json = {
        summary: r.summary,
        tags: [r.tag],
        operationId: operationId(r, p),
        parameters: [...params, ...query, ...headers],
        responses,
        ...(r.public ? { security: [] } : {}),
        // The permission sits beside the route, so the document and the enforcement cannot drift apart.
        ...(r.public ? {} : { 'x-permission': r.permission ?? null, description: r.permission ? `Needs \`${r.permission}\` on the target.` : 'Needs an authenticated caller only.' }),
        ...(alternate ? { 'x-alternate-spelling': true } : {}),
      };
      if (r.body) {
        const schema = convert(r.body, 'input', components, seen);
        op.requestBody = { required: true, content: { 'application/json': { schema, examples: exampleEntry(example?.request, schema, components, 'input') } } };
      }
      (paths[oaPath] ??= {})[r.method] = op;
    }
  }
  return relink({
    openapi: '3.1.0',
    info: {
      title: info.title,
      version: info.version,
      description: 'The Platform Apps API: apps, spaces, builds, releases, formations, addons, pipelines, webhooks, sites and certificates.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    // Relative: the document describes whichever controller serves it.
    servers: [{ url: '/', description: 'The controller serving this document' }],
    tags: [...new Set(routes.map((r) => r.tag))].sort().map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? `Operations on ${name.toLowerCase()}.` })),
    paths,
    components: { schemas: components, responses: ERRORS, headers: HEADERS, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
  });
}
