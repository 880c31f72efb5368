import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlipwayClient, type SlipwayClient } from '@slipway/client';
import { startTestServer, type TestServer } from './test-server.js';

// A host script's view of the API: the typed client, not hand-written fetches.
describe('the typed client against the embedded host', () => {
  let s: TestServer;
  let api: SlipwayClient;
  beforeAll(async () => {
    s = await startTestServer('sqlite', { runtime: 'none' });
    api = createSlipwayClient({ baseUrl: `${s.url}/`, token: s.token });
  });
  afterAll(() => s?.close());

  it('creates an organization, a space and an app, and reads them back typed', async () => {
    const org = await api.POST('/organizations', { body: { name: 'acme', description: 'Acme' } });
    expect(org.response.status).toBe(201);
    expect(org.data?.name).toBe('acme');
    expect((await api.POST('/spaces', { body: { name: 'dev' } })).response.status).toBe(201);
    const created = await api.POST('/apps', { body: { org: 'acme', name: 'api', space: 'dev' } });
    expect(created.response.status).toBe(201);
    const app = await api.GET('/apps/{app}', { params: { path: { app: 'api-dev' } } });
    expect(app.data).toMatchObject({ id: created.data!.id, name: 'api', space: { name: 'dev' }, organization: { name: 'acme' } });
    expect(app.response.headers.get('request-id')).toBeTruthy();
  });

  it('sets config vars and pages a list with Range / Next-Range', async () => {
    const set = await api.PATCH('/apps/{app}/config-vars', { params: { path: { app: 'api-dev' } }, body: { GREETING: 'hello' } });
    expect(set.data).toMatchObject({ GREETING: 'hello' });
    for (const name of ['one', 'two', 'three']) expect((await api.POST('/organizations', { body: { name, description: name } })).response.status).toBe(201);
    const first = await api.GET('/organizations', { params: { header: { Range: 'name ..; max=2' } } });
    expect(first.response.status).toBe(206);
    expect(first.data!.map((o) => o.name)).toEqual(['acme', 'one']);
    const next = first.response.headers.get('next-range')!;
    const rest = await api.GET('/organizations', { params: { header: { Range: next } } });
    expect(rest.data!.map((o) => o.name)).toEqual(['three', 'two']);
  });

  it('answers errors as the documented Error body', async () => {
    const missing = await api.GET('/apps/{app}', { params: { path: { app: 'nope-dev' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({ id: 'not_found', code: 404 });
    const bad = await api.POST('/apps', { body: { org: 'acme', name: '', space: 'dev' } });
    expect(bad.response.status).toBe(422);
    expect(bad.error).toMatchObject({ code: 422, field: 'name' });
  });
});
