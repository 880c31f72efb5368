import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, storeKinds, type TestServer } from './test-server.js';

describe.each(await storeKinds())('config vars and features on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    await s.request('POST', '/spaces', { name: 'dev' });
    expect((await s.request('POST', '/apps', { org: 'acme', name: 'api', space: 'dev' })).status).toBe(201);
  });
  afterAll(() => s?.close());

  it('merges patches and deletes with null', async () => {
    const a = await s.request('PATCH', '/apps/api-dev/config-vars', { FOO: 'bar', BOO: 'who?' });
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ FOO: 'bar', BOO: 'who?' });
    const b = await s.request('PATCH', '/apps/api-dev/config-vars', { FOO: 'baz', BOO: null, NEW: '' });
    expect(b.body).toEqual({ FOO: 'baz', NEW: '' });
    expect((await s.request('GET', '/apps/api-dev/config-vars')).body).toEqual({ FOO: 'baz', NEW: '' });
  });

  it('refuses PORT, bad names, non-string values and unknown apps', async () => {
    expect((await s.request('PATCH', '/apps/api-dev/config-vars', { PORT: '80' })).body).toMatchObject({ code: 422, field: 'PORT' });
    expect((await s.request('PATCH', '/apps/api-dev/config-vars', { 'BAD-KEY': 'x' })).body).toMatchObject({ code: 422, field: 'BAD-KEY' });
    expect((await s.request('PATCH', '/apps/api-dev/config-vars', { NUM: 5 })).body).toMatchObject({ code: 422, field: 'NUM' });
    expect((await s.request('PATCH', '/apps/api-dev/config-vars', ['x'])).status).toBe(422);
    expect((await s.request('PATCH', '/apps/api-dev/config-vars', {})).status).toBe(422);
    expect((await s.request('PATCH', '/apps/ghost-dev/config-vars', { A: 'b' })).status).toBe(404);
    expect((await s.request('GET', '/apps/ghost-dev/config-vars')).status).toBe(404);
    // Nothing half-written: the failed patches left the vars as they were.
    expect((await s.request('GET', '/apps/api-dev/config-vars')).body).toEqual({ FOO: 'baz', NEW: '' });
  });

  it('lets apps inherit space config vars, overridden by their own', async () => {
    const sp = await s.request('PATCH', '/spaces/dev/config-vars', { REGION_URL: 'http://r', FOO: 'space-foo' });
    expect(sp.status).toBe(200);
    expect((await s.request('GET', '/spaces/dev/config-vars')).body).toEqual({ REGION_URL: 'http://r', FOO: 'space-foo' });
    expect((await s.request('GET', '/apps/api-dev/config-vars')).body).toEqual({ REGION_URL: 'http://r', FOO: 'baz', NEW: '' });
    expect((await s.request('PATCH', '/spaces/dev/config-vars', { PORT: '1' })).body).toMatchObject({ code: 422, field: 'PORT' });
  });

  it('redacts config values of apps in socs spaces', async () => {
    await s.request('POST', '/spaces', { name: 'vault', compliance: ['socs'] });
    await s.request('POST', '/apps', { org: 'acme', name: 'secure', space: 'vault' });
    const r = await s.request('PATCH', '/apps/secure-vault/config-vars', { PASSWORD: 'hunter2' });
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body)).not.toContain('hunter2');
    expect(JSON.stringify((await s.request('GET', '/apps/secure-vault/config-vars')).body)).not.toContain('hunter2');
    const audits = await s.request('GET', '/audits?app=secure&space=vault');
    expect(audits.body.length).toBeGreaterThan(0);
    expect(JSON.stringify(audits.body)).not.toContain('hunter2');
  });

  it('keeps all 50 concurrent patches of different keys', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => s.request('PATCH', '/apps/api-dev/config-vars', { [`K${i}`]: `v${i}` })));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    const vars = (await s.request('GET', '/apps/api-dev/config-vars')).body;
    for (let i = 0; i < 50; i++) expect(vars[`K${i}`]).toBe(`v${i}`);
  });

  it('lists, gets and switches features', async () => {
    const list = await s.request('GET', '/apps/api-dev/features');
    expect(list.status).toBe(200);
    const names = list.body.map((f: { name: string }) => f.name);
    expect(names).toEqual(expect.arrayContaining(['auto-release', 'preview']));
    expect(list.body[0]).toEqual({
      description: expect.any(String),
      doc_url: expect.stringMatching(/^\/features\//),
      id: expect.any(String),
      state: expect.any(String),
      name: expect.any(String),
      display_name: expect.any(String),
      feedback_email: expect.any(String),
      enabled: expect.any(Boolean),
    });
    const off = await s.request('PATCH', '/apps/api-dev/features/auto-release', { enabled: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ name: 'auto-release', enabled: false });
    expect((await s.request('GET', '/apps/api-dev/features/auto-release')).body.enabled).toBe(false);
    expect((await s.request('PATCH', '/apps/api-dev/features/auto-release', { enabled: 'no' })).body).toMatchObject({ code: 422, field: 'enabled' });
    expect((await s.request('PATCH', '/apps/api-dev/features/auto-release', {})).body).toMatchObject({ code: 422, field: 'enabled' });
    expect((await s.request('GET', '/apps/api-dev/features/teleport')).body).toMatchObject({ code: 404, field: 'feature' });
    expect((await s.request('GET', '/apps/ghost-dev/features')).status).toBe(404);
  });
});
