import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resyncRouter } from '@slipway/core';
import { viaRouter } from './router-http.js';
import { startTestServer, storeKinds, type TestServer } from './test-server.js';

const far = {
  name: 'far',
  country: 'Far',
  description: 'A second region',
  locale: 'far',
  private_capable: false,
  provider: { name: 'local', region: 'far', availability_zones: ['far-a'] },
  high_availability: false,
};
const local = { ...far, name: 'local', country: 'Local', description: 'This machine', locale: 'local', provider: { name: 'local', region: 'local', availability_zones: ['local-a'] } };

describe.each(await storeKinds())('sites and routes API on %s', (kind) => {
  let s: TestServer;
  let port: number;
  beforeAll(async () => {
    // A real embedded router on loopback; no runtime, so routed paths answer 503 (no dyno) rather than an app.
    s = await startTestServer(kind, {
      runtime: 'none',
      jobPollMs: 50,
      router: { port: 0, host: '127.0.0.1' },
      catalog: { regions: [local, far], stacks: [{ name: 'ds1', region: 'local' }, { name: 'ds2', region: 'far' }] },
    });
    port = s.router!.port;
    expect((await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' })).status).toBe(201);
    expect((await s.request('POST', '/spaces', { name: 'dev' })).status).toBe(201);
    expect((await s.request('POST', '/spaces', { name: 'remote', stack: 'ds2' })).status).toBe(201);
    for (const [name, space] of [['events', 'dev'], ['api', 'dev'], ['faraway', 'remote']]) {
      expect((await s.request('POST', '/apps', { org: 'acme', name, space })).status).toBe(201);
    }
  });
  afterAll(() => s?.close());

  it("points an app's web_url at the router and serves its default host there", async () => {
    const app = await s.request('GET', '/apps/events-dev');
    expect(app.body.web_url).toBe(`http://events-dev.apps.localhost:${port}/`);
    // Known host, no dyno ready: the router answers 503 no_backend instead of 404 unknown host.
    await expect.poll(async () => (await viaRouter(port, 'events-dev.apps.localhost')).status, { timeout: 10_000 }).toBe(503);
    expect((await viaRouter(port, 'nobody-dev.apps.localhost')).status).toBe(404);
  });

  it('creates, gets, lists and deletes sites with the seed shape', async () => {
    const created = await s.request('POST', '/sites', { domain: 'Shop.Example.test', regoin: 'local', internal: false });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      domain: 'shop.example.test',
      region: { id: expect.any(String), name: 'local' },
      created_at: expect.any(String),
      updated_at: expect.any(String),
      compliance: [],
    });
    const internal = await s.request('POST', '/sites', { domain: 'intra.example.test', internal: true });
    expect(internal.body).toMatchObject({ compliance: ['internal'], region: { name: 'local' } });
    expect((await s.request('GET', '/sites/shop.example.test')).body).toEqual(created.body);
    expect((await s.request('GET', `/sites/${created.body.id}`)).body).toEqual(created.body);
    const list = await s.request('GET', '/sites');
    expect(list.status).toBe(200);
    expect(list.body.map((x: { domain: string }) => x.domain).sort()).toEqual(['intra.example.test', 'shop.example.test']);
    const deleted = await s.request('DELETE', '/sites/intra.example.test');
    expect(deleted.status).toBe(200);
    expect(deleted.body.domain).toBe('intra.example.test');
    expect((await s.request('GET', '/sites/intra.example.test')).status).toBe(404);
    expect((await s.request('DELETE', '/sites/intra.example.test')).status).toBe(404);
  });

  it('refuses a taken domain (409), a bad domain, a domain inside the apps domain and an unknown region (422), naming the field', async () => {
    await s.request('POST', '/sites', { domain: 'taken.example.test' });
    const dup = await s.request('POST', '/sites', { domain: 'TAKEN.example.test.' });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ id: 'conflict', field: 'domain' });
    for (const domain of ['bad_domain.test', 'space here.test', '-lead.test', 'a..b']) {
      const r = await s.request('POST', '/sites', { domain });
      expect(r.status, domain).toBe(422);
      expect(r.body.field).toBe('domain');
    }
    expect((await s.request('POST', '/sites', { domain: 'x.apps.localhost' })).body).toMatchObject({ code: 422, field: 'domain' });
    expect((await s.request('POST', '/sites', {})).body).toMatchObject({ code: 422, field: 'domain' });
    expect((await s.request('POST', '/sites', { domain: 'r.example.test', region: 'mars' })).body).toMatchObject({ code: 422, field: 'region' });
  });

  it('routes paths of a site to apps, lists them by site (both spellings) and by app, and converges the router', async () => {
    await s.request('POST', '/sites', { domain: 'www.example.test' });
    const root = await s.request('POST', '/routes', { site: 'www.example.test', app: 'events-dev', source_path: '/', target_path: '/' });
    expect(root.status).toBe(201);
    expect(root.body).toEqual({
      id: expect.any(String),
      app: 'events-dev',
      site: 'www.example.test',
      source_path: '/',
      target_path: '/',
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    // The CLI's spelling: the app in the path; a trailing slash is the same path.
    const api = await s.request('POST', '/apps/api-dev/routes', { site: 'www.example.test', source_path: '/api/', target_path: '/v1' });
    expect(api.status).toBe(201);
    expect(api.body).toMatchObject({ app: 'api-dev', source_path: '/api', target_path: '/v1' });
    const bySite = await s.request('GET', '/sites/www.example.test/routes');
    expect(bySite.status).toBe(200);
    expect(bySite.body.map((r: { source_path: string }) => r.source_path)).toEqual(['/', '/api']);
    expect((await s.request('GET', '/site/www.example.test/routes')).body).toEqual(bySite.body);
    expect((await s.request('GET', '/apps/api-dev/routes')).body).toEqual([api.body]);
    expect((await s.request('GET', `/routes/${api.body.id}`)).body).toEqual(api.body);
    expect((await s.request('GET', '/sites/nope.example.test/routes')).status).toBe(404);

    // Both paths are routed (503: no dyno yet); a path outside every route is 404 once only /api remains.
    await expect.poll(async () => (await viaRouter(port, 'www.example.test', '/api/users')).status, { timeout: 10_000 }).toBe(503);
    expect((await s.request('DELETE', `/routes/${root.body.id}`)).body).toEqual(root.body);
    expect((await s.request('GET', `/routes/${root.body.id}`)).status).toBe(404);
    await expect.poll(async () => (await viaRouter(port, 'www.example.test', '/')).status, { timeout: 10_000 }).toBe(404);
    expect((await viaRouter(port, 'www.example.test', '/api')).status).toBe(503);

    // The audit log of the app shows the route change.
    const audits = await s.request('GET', '/audits?app=api-dev');
    expect(audits.body.map((a: { action: string }) => a.action)).toContain('route_create');
  });

  it('refuses routes to unknown apps or sites, apps of another region and bad paths (422), and a taken path (409)', async () => {
    await s.request('POST', '/sites', { domain: 'rules.example.test' });
    const ok = { site: 'rules.example.test', app: 'events-dev', source_path: '/a', target_path: '/' };
    expect((await s.request('POST', '/routes', ok)).status).toBe(201);
    const dup = await s.request('POST', '/routes', { ...ok, app: 'api-dev' });
    expect(dup.status).toBe(409);
    expect(dup.body.field).toBe('source_path');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...ok, app: 'ghost-dev', source_path: '/g' }, 'app'],
      [{ ...ok, app: 'faraway-remote', source_path: '/far' }, 'app'],
      [{ ...ok, site: 'ghost.example.test', source_path: '/g' }, 'site'],
      [{ ...ok, source_path: 'no-slash' }, 'source_path'],
      [{ ...ok, source_path: '/a b' }, 'source_path'],
      [{ ...ok, source_path: '/b', target_path: '/../etc' }, 'target_path'],
      [{ site: 'rules.example.test', source_path: '/n', target_path: '/' }, 'app'],
      [{ ...ok, source_path: undefined }, 'source_path'],
    ];
    for (const [body, field] of cases) {
      const r = await s.request('POST', '/routes', body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.field, JSON.stringify(body)).toBe(field);
    }
    expect((await s.request('DELETE', '/routes/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await s.request('GET', '/routes/not-an-id')).status).toBe(404);
  });

  it('removes an app’s routes with the app, and stops serving a deleted site and app', async () => {
    expect((await s.request('POST', '/apps', { org: 'acme', name: 'gone', space: 'dev' })).status).toBe(201);
    await s.request('POST', '/sites', { domain: 'gone.example.test' });
    const r = await s.request('POST', '/routes', { site: 'gone.example.test', app: 'gone-dev', source_path: '/', target_path: '/' });
    await expect.poll(async () => (await viaRouter(port, 'gone.example.test')).status, { timeout: 10_000 }).toBe(503);
    expect((await s.request('DELETE', '/apps/gone-dev')).status).toBe(200);
    expect((await s.request('GET', `/routes/${r.body.id}`)).status).toBe(404);
    expect((await s.request('GET', '/sites/gone.example.test/routes')).body).toEqual([]);
    await expect.poll(async () => (await viaRouter(port, 'gone.example.test')).status, { timeout: 10_000 }).toBe(404);
    await expect.poll(async () => (await s.router!.driver.hosts()).includes('gone-dev.apps.localhost'), { timeout: 10_000 }).toBe(false);
    expect((await s.request('DELETE', '/sites/gone.example.test')).status).toBe(200);
    await expect.poll(async () => (await s.router!.driver.hosts()).includes('gone.example.test'), { timeout: 10_000 }).toBe(false);
  });

  it('puts an app in maintenance on the router', async () => {
    expect((await s.request('PATCH', '/apps/api-dev', { maintenance: true })).status).toBe(200);
    await expect.poll(async () => (await viaRouter(port, 'api-dev.apps.localhost')).body, { timeout: 10_000 }).toContain('maintenance');
    await s.request('PATCH', '/apps/api-dev', { maintenance: false });
  });

  it('resyncs a router that lost or gained hosts behind the store\'s back (as on start)', async () => {
    await s.request('POST', '/sites', { domain: 'resync.example.test' });
    await s.request('POST', '/routes', { site: 'resync.example.test', app: 'events-dev', source_path: '/', target_path: '/' });
    await expect.poll(async () => (await viaRouter(port, 'resync.example.test')).status, { timeout: 10_000 }).toBe(503);
    const driver = s.router!.driver;
    await driver.remove('resync.example.test');
    await driver.converge({ host: 'stray.example.test', kind: 'site', routes: [] });
    expect((await viaRouter(port, 'resync.example.test')).status).toBe(404);
    await resyncRouter(s.platform.store, driver, s.platform.catalog);
    s.platform.jobs.wake();
    await expect.poll(async () => (await viaRouter(port, 'resync.example.test')).status, { timeout: 10_000 }).toBe(503);
    await expect.poll(async () => (await driver.hosts()).includes('stray.example.test'), { timeout: 10_000 }).toBe(false);
  });
});
