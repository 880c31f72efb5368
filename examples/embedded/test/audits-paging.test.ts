import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, storeKinds, type TestServer } from './test-server.js';

describe.each(await storeKinds())('audits and pagination on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    await s.request('POST', '/spaces', { name: 'dev' });
    await s.request('POST', '/apps', { org: 'acme', name: 'api', space: 'dev' });
    await s.request('POST', '/apps', { org: 'acme', name: 'api', space: 'default' });
  });
  afterAll(() => s?.close());

  it('records every mutation with its user and filters by app, space and user', async () => {
    await s.request('PATCH', '/apps/api-dev/features/preview', { enabled: true });
    await s.request('PATCH', '/apps/api-dev/config-vars', { A: '1' });
    await s.request('PATCH', '/apps/api-dev/config-vars', { A: '2', B: '3' });
    const all = await s.request('GET', '/audits?app=api&space=dev');
    expect(all.status).toBe(200);
    const actions = all.body.map((a: { action: string }) => a.action);
    expect(actions).toEqual(['app_create', 'feature_change', 'config_change', 'config_change']);
    const feature = all.body[1];
    expect(feature).toMatchObject({
      action: 'feature_change',
      app: { name: 'api', id: expect.any(String) },
      space: { name: 'dev' },
      changes: [{ type: 'update', name: 'preview', value: true }],
      feature: { name: 'preview', enabled: true },
      username: 'tester',
      timestamp: expect.any(String),
    });
    expect(all.body[3]).toMatchObject({ changes: [{ type: 'update', name: 'A' }, { type: 'create', name: 'B' }], config_vars: { A: '2', B: '3' } });
    const otherSpace = await s.request('GET', '/audits?app=api&space=default');
    expect(otherSpace.body.map((a: { action: string }) => a.action)).toEqual(['app_create']);
    expect((await s.request('GET', '/audits?app=api-dev')).body).toHaveLength(4);
    expect((await s.request('GET', '/audits?user=tester')).body.length).toBeGreaterThanOrEqual(7);
    expect((await s.request('GET', '/audits?user=someoneelse')).body).toEqual([]);
    expect((await s.request('GET', '/audits?space=dev')).body.map((a: { action: string }) => a.action)).toContain('space_create');
  });

  it('paginates lists with Range / Next-Range and 206', async () => {
    for (let i = 0; i < 5; i++) expect((await s.request('POST', '/organizations', { name: `org${i}`, description: 'x' })).status).toBe(201);
    const first = await s.request('GET', '/organizations', undefined, { range: 'name ..; max=2' });
    expect(first.status).toBe(206);
    expect(first.body.map((o: { name: string }) => o.name)).toEqual(['acme', 'org0']);
    const next = first.headers.get('next-range')!;
    expect(next).toBe('name ]org0..; max=2');
    const second = await s.request('GET', '/organizations', undefined, { range: next });
    expect(second.body.map((o: { name: string }) => o.name)).toEqual(['org1', 'org2']);
    const rest = await s.request('GET', '/organizations', undefined, { range: 'name ]org2..; max=200' });
    expect(rest.status).toBe(200);
    expect(rest.headers.get('next-range')).toBeNull();
    expect(rest.body.map((o: { name: string }) => o.name)).toEqual(['org3', 'org4']);
    const desc = await s.request('GET', '/organizations', undefined, { range: 'name ..; max=1, order=desc' });
    expect(desc.body.map((o: { name: string }) => o.name)).toEqual(['org4']);
    expect(desc.headers.get('next-range')).toBe('name ]org4..; max=1, order=desc');
    const byId = await s.request('GET', '/organizations', undefined, { range: 'id ..; max=3' });
    expect(byId.status).toBe(206);
    const ids = byId.body.map((o: { id: string }) => o.id);
    expect([...ids].sort()).toEqual(ids);
    expect((await s.request('GET', '/organizations', undefined, { range: 'colour ..' })).body).toMatchObject({ code: 400, field: 'range' });
    expect((await s.request('GET', '/organizations', undefined, { range: 'name ..; max=zero' })).body).toMatchObject({ code: 400, field: 'range' });
  });
});
