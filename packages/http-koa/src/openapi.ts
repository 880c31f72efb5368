import { z } from 'zod';
import { ErrorBody } from '@slipway/core';
import type { RouteDef } from '@slipway/core';

type Json = Record<string, unknown>;

/** Converts a zod schema and hoists its named sub-schemas into `components.schemas`. */
function convert(schema: z.ZodType, io: 'input' | 'output', components: Json): Json {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  const defs = (json.$defs ?? {}) as Json;
  delete json.$defs;
  delete json.$schema;
  for (const [name, def] of Object.entries(defs)) components[name] = def;
  if (typeof json.id === 'string') {
    const name = json.id;
    delete json.id;
    components[name] = json;
    return { $ref: `#/components/schemas/${name}` };
  }
  return json;
}

/** Rewrites `#/$defs/X` references to where the document keeps them. */
function relink<T>(doc: T): T {
  return JSON.parse(JSON.stringify(doc).replaceAll('"#/$defs/', '"#/components/schemas/')) as T;
}

/** Builds the OpenAPI 3.1 document for every route from the same zod schemas that validate requests. */
export function openApiDocument(routes: RouteDef[], info: { title: string; version: string }): Json {
  const components: Json = {};
  const paths: Record<string, Json> = {};
  const errorRef = convert(ErrorBody, 'output', components);
  for (const r of routes) {
    for (const p of Array.isArray(r.path) ? r.path : [r.path]) {
      const oaPath = p.replace(/:([A-Za-z_]+)/g, '{$1}');
      const params = [...p.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
      const query = r.query
        ? Object.entries((convert(r.query, 'input', components).properties ?? {}) as Json).map(([name, schema]) => ({ name, in: 'query', required: false, schema }))
        : [];
      const headers = r.list ? [{ name: 'Range', in: 'header', required: false, schema: { type: 'string' }, description: `e.g. "${r.list[0]} ..; max=200"; sortable by ${r.list.join(', ')}` }] : [];
      const item = convert(r.response, 'output', components);
      const ok = r.list ? { type: 'array', items: item } : item;
      const responses: Json = {
        [String(r.status ?? 200)]: { description: 'Success', content: { 'application/json': { schema: ok } } },
        default: { description: 'Error', content: { 'application/json': { schema: errorRef } } },
      };
      if (r.list) responses['206'] = { description: 'Partial: more remain; see the Next-Range header', content: { 'application/json': { schema: ok } } };
      const op: Json = {
        summary: r.summary,
        tags: [r.tag],
        operationId: `${r.method}${oaPath.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
        parameters: [...params, ...query, ...headers],
        responses,
        ...(r.public ? { security: [] } : {}),
        // The permission sits beside the route, so the document and the enforcement cannot drift apart.
        ...(r.public ? {} : { 'x-permission': r.permission ?? null, description: r.permission ? `Needs \`${r.permission}\` on the target.` : 'Needs an authenticated caller only.' }),
      };
      if (r.permission) responses['403'] = { description: `The caller lacks ${r.permission}`, content: { 'application/json': { schema: errorRef } } };
      if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: convert(r.body, 'input', components) } } };
      (paths[oaPath] ??= {})[r.method] = op;
    }
  }
  return relink({
    openapi: '3.1.0',
    info,
    paths,
    components: { schemas: components, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
  });
}
