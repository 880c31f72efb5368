import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, storeKinds, type TestServer } from './test-server.js';

const GHOST = '00000000-0000-4000-8000-000000000000';
const CHECKSUM = `sha256:${'a'.repeat(64)}`;

describe.each(await storeKinds())('formations, and deploys without a runtime, on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind, { runtime: 'none' });
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    expect((await s.request('POST', '/apps', { org: 'acme', name: 'api', space: 'default' })).status).toBe(201);
  });
  afterAll(() => s?.close());

  it('creates, reads, scales and deletes formations with the seed shape', async () => {
    const c = await s.request('POST', '/apps/api-default/formation', { type: 'web', quantity: 2, size: 'constellation', command: null, healthcheck: '/health' });
    expect(c.status).toBe(201);
    expect(c.body).toEqual({
      app: { name: 'api', id: expect.any(String) },
      command: null,
      created_at: expect.any(String),
      id: expect.any(String),
      quantity: 2,
      size: 'constellation',
      type: 'web',
      port: 5000,
      healthcheck: '/health',
      updated_at: expect.any(String),
    });
    // The seed documents quantity as a string in places.
    const w = await s.request('POST', '/apps/api-default/formation', { type: 'worker', quantity: '1', command: 'sleep 1000' });
    expect(w.body).toMatchObject({ type: 'worker', quantity: 1, size: 'scout', port: null, command: 'sleep 1000' });
    expect((await s.request('GET', '/apps/api-default/formation')).body.map((f: { type: string }) => f.type)).toEqual(['web', 'worker']);
    expect((await s.request('GET', '/apps/api-default/formation/web')).body).toEqual(c.body);

    const u = await s.request('PATCH', '/apps/api-default/formation/web', { quantity: 3, port: 9000, removeHealthcheck: true });
    expect(u.status).toBe(200);
    expect(u.body).toMatchObject({ type: 'web', quantity: 3, port: 9000, healthcheck: null });
    const b = await s.request('PATCH', '/apps/api-default/formation', [
      { type: 'web', quantity: 0, size: 'galaxy' },
      { type: 'worker', 'remove-command': true },
    ]);
    expect(b.status).toBe(200);
    expect(b.body).toEqual([expect.objectContaining({ type: 'web', quantity: 0, size: 'galaxy' }), expect.objectContaining({ type: 'worker', command: null })]);

    const d = await s.request('DELETE', '/apps/api-default/formation/worker');
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ type: 'worker' });
    expect((await s.request('GET', '/apps/api-default/formation/worker')).status).toBe(404);
    const audits = (await s.request('GET', '/audits?app=api-default')).body.map((a: { action: string }) => a.action);
    expect(audits.filter((a: string) => a === 'formation_change')).toHaveLength(5);
  });

  it('rejects bad formation input naming the field', async () => {
    const post = (body: unknown) => s.request('POST', '/apps/api-default/formation', body);
    expect((await post({ quantity: 1 })).body).toMatchObject({ code: 422, field: 'type' });
    expect((await post({ type: 'jobs' })).body).toMatchObject({ code: 422, field: 'quantity' });
    expect((await post({ type: 'jobs', quantity: 'many' })).body).toMatchObject({ code: 422, field: 'quantity' });
    expect((await post({ type: 'jobs', quantity: 21 })).body).toMatchObject({ code: 422, field: 'quantity' });
    expect((await post({ type: 'jobs', quantity: -1 })).body).toMatchObject({ code: 422, field: 'quantity' });
    expect((await post({ type: 'Bad_Type', quantity: 1 })).body).toMatchObject({ code: 422, field: 'type' });
    expect((await post({ type: 'jobs', quantity: 1, size: 'huge' })).body).toMatchObject({ code: 422, field: 'size' });
    expect((await post({ type: 'jobs', quantity: 1, port: 70000 })).body).toMatchObject({ code: 422, field: 'port' });
    expect((await post({ type: 'jobs', quantity: 1, healthcheck: 'http://x/' })).body).toMatchObject({ code: 422, field: 'healthcheck' });
    expect((await post({ type: 'jobs', quantity: 1, command: 5 })).body).toMatchObject({ code: 422, field: 'command' });
    expect((await post({ type: 'web', quantity: 1 })).status).toBe(409);
    expect((await s.request('POST', '/apps/ghost-default/formation', { type: 'web', quantity: 1 })).status).toBe(404);
    expect((await s.request('PATCH', '/apps/api-default/formation/nope', { quantity: 1 })).status).toBe(404);
    expect((await s.request('PATCH', '/apps/api-default/formation', { type: 'web' })).status).toBe(422);
    expect((await s.request('PATCH', '/apps/api-default/formation', [])).status).toBe(422);
    expect((await s.request('PATCH', '/apps/api-default/formation', [{ type: 'web', quantity: 1 }, { type: 'web', quantity: 2 }])).body).toMatchObject({ code: 422, field: 'type' });
    expect((await s.request('PATCH', '/apps/api-default/formation/web', { removeHealthcheck: 'yes' })).body).toMatchObject({ code: 422, field: 'removeHealthcheck' });
    expect((await s.request('DELETE', '/apps/api-default/formation/nope')).status).toBe(404);
  });

  it('serves builds, releases and slugs as empty or 404, and answers 503 for what needs an engine', async () => {
    expect((await s.request('GET', '/apps/api-default/builds')).body).toEqual([]);
    expect((await s.request('GET', '/apps/api-default/releases')).body).toEqual([]);
    expect((await s.request('GET', `/apps/api-default/builds/${GHOST}`)).status).toBe(404);
    expect((await s.request('GET', `/apps/api-default/builds/${GHOST}/result`)).status).toBe(404);
    expect((await s.request('GET', '/apps/api-default/builds/not-an-id')).status).toBe(404);
    expect((await s.request('DELETE', `/apps/api-default/builds/${GHOST}`)).status).toBe(404);
    expect((await s.request('GET', `/apps/api-default/releases/${GHOST}`)).status).toBe(404);
    expect((await s.request('GET', `/slugs/${GHOST}`)).status).toBe(404);
    expect((await s.request('GET', '/apps/ghost-default/builds')).status).toBe(404);

    const build = await s.request('POST', '/apps/api-default/builds', { url: 'docker://busybox:latest', checksum: CHECKSUM });
    expect(build.status).toBe(503);
    expect(build.body).toMatchObject({ id: 'service_unavailable', code: 503, message: expect.stringMatching(/No build driver is configured/) });
    expect((await s.request('POST', '/apps/api-default/releases', { slug: GHOST })).body).toMatchObject({ code: 503, message: expect.stringMatching(/No runtime driver/) });
    expect((await s.request('GET', '/apps/api-default/dynos')).status).toBe(503);
    expect((await s.request('GET', '/apps/api-default/dyno/web.abc')).status).toBe(503);
    expect((await s.request('DELETE', '/apps/api-default/dynos')).status).toBe(503);
    expect((await s.request('DELETE', '/apps/api-default/dynos/web')).status).toBe(503);
    expect((await s.request('POST', '/apps/api-default/log-sessions', { lines: 10 })).status).toBe(503);
    // Bad input is still judged before the missing engine.
    expect((await s.request('POST', '/apps/api-default/builds', { checksum: CHECKSUM })).body).toMatchObject({ code: 422, field: 'url' });
    expect((await s.request('POST', '/apps/api-default/builds', { url: 5, checksum: CHECKSUM })).body).toMatchObject({ code: 422, field: 'url' });
    expect((await s.request('POST', '/apps/api-default/releases', { slug: 5 })).body).toMatchObject({ code: 422, field: 'slug' });
    expect((await s.request('POST', '/apps/api-default/log-sessions', { lines: 'ten' })).body).toMatchObject({ code: 422, field: 'lines' });
    // Config changes still work with no runtime (there is no release to roll).
    expect((await s.request('PATCH', '/apps/api-default/config-vars', { A: 'b' })).status).toBe(200);
    expect((await s.request('GET', '/apps/api-default/releases')).body).toEqual([]);
  });

  it('serves log-session URLs without a token (503 with no runtime) and removes formations with their app', async () => {
    const res = await fetch(`${s.url}/log-sessions/eyJhIjoxfQ.forged`);
    expect(res.status).toBe(503);
    const deleted = await s.request('DELETE', '/apps/api-default');
    expect(deleted.status).toBe(200);
    expect((await s.request('GET', '/apps/api-default/formation')).status).toBe(404);
  });
});
