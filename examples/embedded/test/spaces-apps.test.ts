import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, storeKinds, type TestServer } from './test-server.js';

describe.each(await storeKinds())('spaces and apps on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
    expect((await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' })).status).toBe(201);
  });
  afterAll(() => s?.close());

  it('has a default space on a fresh install', async () => {
    const r = await s.request('GET', '/spaces/default');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: 'default', state: 'allocated', compliance: [] });
  });

  it('creates, updates, gets and lists spaces', async () => {
    const c = await s.request('POST', '/spaces', { name: 'perf-dev-us', description: 'Perf dev', compliance: ['prod'], stack: 'ds1' });
    expect(c.status).toBe(201);
    expect(c.body).toEqual({
      compliance: ['prod'],
      created_at: expect.any(String),
      description: 'Perf dev',
      id: expect.any(String),
      name: 'perf-dev-us',
      region: { id: expect.any(String), name: expect.any(String) },
      stack: { id: expect.any(String), name: 'ds1' },
      state: 'allocated',
      updated_at: expect.any(String),
      apps: 0,
    });
    const u = await s.request('PATCH', '/spaces/PERF-DEV-US', { compliance: ['socs', 'canary'] });
    expect(u.status).toBe(200);
    expect(u.body.compliance).toEqual(['socs', 'canary']);
    expect(u.body.description).toBe('Perf dev');
    expect((await s.request('GET', `/spaces/${c.body.id}`)).body.compliance).toEqual(['socs', 'canary']);
    const list = await s.request('GET', '/spaces');
    expect(list.body.map((x: { name: string }) => x.name).sort()).toEqual(['default', 'perf-dev-us']);
  });

  it('rejects bad space input', async () => {
    expect((await s.request('POST', '/spaces', {})).body).toMatchObject({ code: 422, field: 'name' });
    expect((await s.request('POST', '/spaces', { name: 'Bad_Name' })).body).toMatchObject({ code: 422, field: 'name' });
    expect((await s.request('POST', '/spaces', { name: 'ok', compliance: 'socs' })).body).toMatchObject({ code: 422, field: 'compliance' });
    expect((await s.request('POST', '/spaces', { name: 'ok', stack: 'nostack' })).body).toMatchObject({ code: 404, field: 'stack' });
    expect((await s.request('POST', '/spaces', { name: 'default' })).status).toBe(409);
    expect((await s.request('PATCH', '/spaces/nospace', { description: 'x' })).status).toBe(404);
    expect((await s.request('PATCH', '/spaces/default', { compliance: [1] })).body).toMatchObject({ code: 422, field: 'compliance.0' });
    expect((await s.request('GET', '/spaces/nospace')).status).toBe(404);
  });

  it('creates an app and returns the seed shape', async () => {
    await s.request('POST', '/spaces', { name: 'dev' });
    const c = await s.request('POST', '/apps', { org: 'acme', name: 'Events', space: 'dev' });
    expect(c.status).toBe(201);
    expect(c.body).toEqual({
      archived_at: expect.any(String),
      buildpack_provided_description: 'default',
      build_stack: { id: expect.any(String), name: 'ds1' },
      created_at: expect.any(String),
      git_url: '',
      id: expect.any(String),
      maintenance: false,
      name: 'events',
      key: 'events-dev',
      owner: { email: 'tester@localhost', id: expect.any(String) },
      organization: { id: expect.any(String), name: 'acme' },
      preview: null,
      region: { id: expect.any(String), name: expect.any(String) },
      released_at: null,
      repo_size: 0,
      slug_size: 0,
      space: { id: expect.any(String), name: 'dev', compliance: '' },
      stack: { id: expect.any(String), name: 'ds1' },
      updated_at: expect.any(String),
      web_url: expect.stringContaining('events-dev'),
      simple_name: 'events',
      description: '',
      image: '',
    });
    expect((await s.request('GET', '/apps/events-dev')).body.id).toBe(c.body.id);
    expect((await s.request('GET', '/apps/EVENTS-DEV')).body.id).toBe(c.body.id);
    expect((await s.request('GET', `/apps/${c.body.id}`)).body.key).toBe('events-dev');
    expect((await s.request('GET', `/apps/${c.body.id.toUpperCase()}`)).body.key).toBe('events-dev');
  });

  it('rejects bad app input', async () => {
    expect((await s.request('POST', '/apps', { name: 'x', space: 'dev' })).body).toMatchObject({ code: 422, field: 'org' });
    expect((await s.request('POST', '/apps', { org: 'acme', space: 'dev' })).body).toMatchObject({ code: 422, field: 'name' });
    expect((await s.request('POST', '/apps', { org: 'acme', name: 7, space: 'dev' })).body).toMatchObject({ code: 422, field: 'name' });
    expect((await s.request('POST', '/apps', { org: 'acme', name: 'has-dash', space: 'dev' })).body).toMatchObject({ code: 422, field: 'name' });
    expect((await s.request('POST', '/apps', { org: 'nobody', name: 'x', space: 'dev' })).body).toMatchObject({ code: 404, field: 'org' });
    expect((await s.request('POST', '/apps', { org: 'acme', name: 'x', space: 'nowhere' })).body).toMatchObject({ code: 404, field: 'space' });
    expect((await s.request('POST', '/apps', { org: 'acme', name: 'EVENTS', space: 'dev' })).status).toBe(409);
    expect((await s.request('GET', '/apps/nothere-dev')).status).toBe(404);
    expect((await s.request('GET', '/apps/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('allows the same app name in two spaces', async () => {
    await s.request('POST', '/spaces', { name: 'qa' });
    const a = await s.request('POST', '/apps', { org: 'acme', name: 'events', space: 'qa' });
    expect(a.status).toBe(201);
    expect(a.body.key).toBe('events-qa');
    const onlyQa = await s.request('GET', '/apps?space=qa');
    expect(onlyQa.body.map((x: { key: string }) => x.key)).toEqual(['events-qa']);
    // Pages by id are stable; by name they could not be (names repeat across spaces).
    const first = await s.request('GET', '/apps', undefined, { range: 'id ..; max=1' });
    expect(first.status).toBe(206);
    const second = await s.request('GET', '/apps', undefined, { range: first.headers.get('next-range')! });
    expect(second.body[0].id).not.toBe(first.body[0].id);
    expect((await s.request('GET', '/apps', undefined, { range: 'name ..' })).body).toMatchObject({ code: 400, field: 'range' });
  });

  it('patches maintenance and refuses name or build_stack changes with 400', async () => {
    const m = await s.request('PATCH', '/apps/events-dev', { maintenance: true, name: 'events', build_stack: 'ds1' });
    expect(m.status).toBe(200);
    expect(m.body.maintenance).toBe(true);
    expect((await s.request('GET', '/apps/events-dev')).body.maintenance).toBe(true);
    expect((await s.request('PATCH', '/apps/events-dev', { name: 'other' })).body).toMatchObject({ code: 400, field: 'name' });
    expect((await s.request('PATCH', '/apps/events-dev', { build_stack: 'ds9' })).body).toMatchObject({ code: 400, field: 'build_stack' });
    expect((await s.request('PATCH', '/apps/events-dev', { maintenance: 'yes' })).body).toMatchObject({ code: 422, field: 'maintenance' });
    expect((await s.request('PATCH', '/apps/ghost-dev', { maintenance: true })).status).toBe(404);
  });

  it('deletes an app with everything it owns', async () => {
    const c = await s.request('POST', '/apps', { org: 'acme', name: 'doomed', space: 'dev' });
    await s.request('PATCH', '/apps/doomed-dev/config-vars', { SECRET: 'x' });
    await s.request('PATCH', '/apps/doomed-dev/features/preview', { enabled: true });
    const d = await s.request('DELETE', '/apps/doomed-dev');
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ id: c.body.id, key: 'doomed-dev', result: 'successful' });
    expect((await s.request('GET', '/apps/doomed-dev')).status).toBe(404);
    expect((await s.request('DELETE', '/apps/doomed-dev')).status).toBe(404);
    const again = await s.request('POST', '/apps', { org: 'acme', name: 'doomed', space: 'dev' });
    expect(again.status).toBe(201);
    expect((await s.request('GET', '/apps/doomed-dev/config-vars')).body).toEqual({});
    expect((await s.request('GET', '/apps/doomed-dev/features/preview')).body.enabled).toBe(false);
  });
});
