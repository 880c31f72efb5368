import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, storeKinds, type TestServer } from './test-server.js';

describe.each(await storeKinds())('auth, health and OpenAPI on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(() => s?.close());

  it('serves /health and /openapi.json without a token', async () => {
    const h = await fetch(`${s.url}/health`);
    expect(h.status).toBe(200);
    expect(await h.json()).toEqual({ status: 'ok' });
    const o = await fetch(`${s.url}/openapi.json`);
    expect(o.status).toBe(200);
    const doc = (await o.json()) as { openapi: string; paths: Record<string, Record<string, any>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const p of ['/apps', '/apps/{app}', '/apps/{app}/config-vars', '/apps/{app}/features/{feature}', '/spaces/{space}', '/organizations/{org}', '/regions/{region}', '/stacks/{stack}', '/stack/{stack}', '/sizes', '/audits']) {
      expect(doc.paths[p], p).toBeDefined();
    }
    expect(doc.paths['/apps'].post.requestBody.content['application/json'].schema).toBeDefined();
    expect(JSON.stringify(doc)).not.toContain('#/$defs/');
  });

  it('refuses requests without a valid token with a 401 JSON body', async () => {
    const none = await fetch(`${s.url}/apps`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ id: 'unauthorized', code: 401 });
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await s.request('GET', '/apps', undefined, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).not.toContain('nope');
  });

  it('accepts `Bearer <token>` and a bare `<token>`', async () => {
    expect((await s.request('GET', '/apps')).status).toBe(200);
    expect((await s.request('GET', '/apps', undefined, { authorization: s.token })).status).toBe(200);
    expect((await s.request('GET', '/apps', undefined, { authorization: `bearer ${s.token}` })).status).toBe(200);
  });

  it('puts a Request-Id on every response, echoing a sane incoming one', async () => {
    const a = await s.request('GET', '/apps');
    expect(a.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const b = await s.request('GET', '/nowhere', undefined, { 'request-id': 'abc-123' });
    expect(b.headers.get('request-id')).toBe('abc-123');
    expect(b.status).toBe(404);
    expect(b.body).toMatchObject({ id: 'not_found', code: 404 });
    const c = await fetch(`${s.url}/health`);
    expect(c.headers.get('request-id')).toBeTruthy();
  });

  it('answers malformed JSON with 400 naming the body, never 500', async () => {
    const r = await s.request('POST', '/organizations', '{"name": ');
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ id: 'bad_request', code: 400, field: 'body' });
  });
});
