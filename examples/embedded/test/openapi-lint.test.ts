import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { z } from 'zod';
import { SEED_EXAMPLES } from '@slipway/http-koa';
import { startTestServer, type TestServer } from './test-server.js';

type Json = Record<string, any>;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of the document with its path and method. */
function operations(doc: Json): Array<{ path: string; method: string; op: Json }> {
  return Object.entries(doc.paths as Json).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] })));
}

/** The schema a `$ref` points at, or the schema itself. */
function deref(doc: Json, s: Json): Json {
  return s.$ref ? doc.components.schemas[s.$ref.split('/').pop()] : s;
}

/** The response a `$ref` to `components.responses` points at, or the response itself. */
function answer(doc: Json, r: Json): Json {
  return r.$ref ? doc.components.responses[r.$ref.split('/').pop()] : r;
}

/** Every `additionalProperties: false` reachable from a schema, following references once each. */
function closedSpots(doc: Json, schema: unknown, seen = new Set<string>(), at = '#'): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const s = schema as Json;
  if (typeof s.$ref === 'string') {
    if (seen.has(s.$ref)) return [];
    seen.add(s.$ref);
    return closedSpots(doc, deref(doc, s), seen, s.$ref);
  }
  const here = s.additionalProperties === false ? [at] : [];
  return [...here, ...Object.entries(s).flatMap(([k, v]) => (typeof v === 'object' ? closedSpots(doc, v, seen, `${at}/${k}`) : []))];
}

// The full embedded composition: every module, the router and certificates included, so the document is the whole API.
describe('the OpenAPI document of the embedded host', () => {
  let s: TestServer;
  let doc: Json;
  beforeAll(async () => {
    s = await startTestServer('sqlite', { runtime: 'none', router: { port: 0, host: '127.0.0.1' } });
    doc = (await (await fetch(`${s.url}/openapi.json`)).json()) as Json;
  });
  afterAll(() => s?.close());

  it('has every module in it', () => {
    const tags = new Set(operations(doc).map((o) => o.op.tags[0]));
    for (const t of ['Apps', 'Builds', 'Addons', 'Webhooks', 'Pipelines', 'Sites', 'Certificates', 'Log Drains', 'Invoices', 'Plugins', 'Account']) expect(tags, t).toContain(t);
  });

  it("has 0 errors under Redocly's recommended rules", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
    const line = (p: (typeof problems)[number]) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ''}`;
    const warnings = problems.filter((p) => p.severity === 'warn');
    // Listed so a reader sees what is left; only the public meta reads (no 4xx to give: /ready answers 200 or 503) are expected here.
    if (warnings.length) console.info(`Redocly warnings (${warnings.length}):\n${warnings.map(line).join('\n')}`);
    expect(problems.filter((p) => p.severity === 'error').map(line)).toEqual([]);
    expect(warnings.map((w) => `${w.ruleId} ${w.location[0]?.pointer}`)).toEqual([
      'operation-4xx-response #/paths/~1health/get/responses',
      'operation-4xx-response #/paths/~1ready/get/responses',
      'operation-4xx-response #/paths/~1openapi.json/get/responses',
    ]);
  });

  it('documents Request-Id on every answer and Next-Range on every partial page', () => {
    for (const { path, method, op } of operations(doc)) {
      for (const [status, res] of Object.entries(op.responses as Json)) expect(answer(doc, res).headers?.['Request-Id'], `${method} ${path} ${status}`).toBeDefined();
      if (op.responses['206']) expect(op.responses['206'].headers['Next-Range'], `${method} ${path}`).toBeDefined();
    }
    expect(doc.paths['/apps'].get.responses['206']).toBeDefined();
    expect(doc.components.headers['Next-Range'].schema.type).toBe('string');
  });

  it('marks ids as uuids and timestamps as date-times', () => {
    const app = doc.components.schemas.App;
    expect(app.properties.id.format).toBe('uuid');
    expect(app.properties.created_at.format).toBe('date-time');
    expect(app.properties.updated_at.format).toBe('date-time');
    for (const name of ['Organization', 'Space', 'Build', 'Release', 'Addon', 'Hook', 'Pipeline', 'Site', 'LogDrain']) {
      expect(doc.components.schemas[name].properties.id.format, name).toBe('uuid');
      expect(doc.components.schemas[name].properties.created_at.format, name).toBe('date-time');
    }
  });

  it('gives every operation an example of its body and its answer, each accepted by its zod schema', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const def of s.platform.operations) {
      const path = (Array.isArray(def.path) ? def.path[0]! : def.path).replace(/:([A-Za-z_]+)/g, '{$1}');
      const shape = (p: string) => p.replace(/\{[^}]+\}/g, '{}');
      const op = Object.entries(doc.paths as Json).find(([p]) => shape(p) === shape(path))![1][def.method];
      const ok = op.responses[String(def.status ?? 200)];
      const media = ok.content?.['application/json'];
      if (media) {
        const example = Object.values(media.examples as Json)[0].value;
        const result = (def.list ? z.array(def.response) : def.response).safeParse(example);
        if (!result.success) wrong.push(`${def.method} ${path} answer: ${result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
        checked++;
      }
      if (def.body) {
        const example = Object.values(op.requestBody.content['application/json'].examples as Json)[0].value;
        const result = def.body.safeParse(example);
        if (!result.success) wrong.push(`${def.method} ${path} body: ${result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
        checked++;
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(150);
    // A hand-written example under a misspelt operation id would silently fall back to a built one.
    const ids = new Map(operations(doc).map(({ op }) => [op.operationId, op]));
    for (const id of Object.keys(SEED_EXAMPLES)) expect(ids.get(id)?.requestBody?.content['application/json'].examples.seed, id).toBeDefined();
  });

  it('keeps responses open to added fields and requests closed', () => {
    const open: string[] = [];
    let closedBodies = 0;
    for (const { path, method, op } of operations(doc)) {
      for (const [status, res] of Object.entries(op.responses as Json)) {
        const schema = answer(doc, res).content?.['application/json']?.schema;
        if (schema) open.push(...closedSpots(doc, schema).map((at) => `${method} ${path} ${status} ${at}`));
      }
      const body = op.requestBody?.content['application/json'].schema;
      if (body && deref(doc, body).type === 'object' && deref(doc, body).additionalProperties === false) closedBodies++;
    }
    expect(open).toEqual([]);
    expect(closedBodies).toBeGreaterThan(20);
  });
});
