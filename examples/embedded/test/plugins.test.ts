import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, storeKinds, type TestServer } from './test-server.js';

describe.each(await storeKinds())('plugins on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(() => s?.close());

  it('publishes, lists, gets by name and id, revises and unpublishes plugins in the seed shape', async () => {
    const created = await s.request('POST', '/plugins', { name: 'testing', repo: 'https://git.example.test/p', owner: 'owner', email: 'email@example.com', description: 'description' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      created_at: expect.any(String), id: expect.any(String), name: 'testing', description: 'description',
      owner: { name: 'owner', email: 'email@example.com' }, repo: 'https://git.example.test/p', updated_at: expect.any(String),
    });
    const p = created.body;
    expect((await s.request('GET', '/plugins')).body).toEqual([p]);
    expect((await s.request('GET', '/plugins/testing')).body).toEqual(p);
    expect((await s.request('GET', `/plugins/${p.id}`)).body).toEqual(p);
    const u = await s.request('PATCH', '/plugins/testing', { repo: 'https://git.example.test/p2', owner: 'owner2', email: 'email2@example.com', description: 'description2' });
    expect(u.status).toBe(200);
    expect(u.body).toEqual({ ...p, repo: 'https://git.example.test/p2', owner: { name: 'owner2', email: 'email2@example.com' }, description: 'description2', updated_at: expect.any(String) });
    const d = await s.request('DELETE', `/plugins/${p.id}`);
    expect(d.status).toBe(200);
    expect(d.body.name).toBe('testing');
    expect((await s.request('GET', '/plugins/testing')).status).toBe(404);
    expect((await s.request('GET', '/plugins')).body).toEqual([]);
  });

  it('answers 409 for a taken name and 422 naming the field for bad input', async () => {
    const body = { name: 'dup', repo: 'https://git.example.test/dup', owner: 'o', email: 'o@example.com' };
    expect((await s.request('POST', '/plugins', body)).status).toBe(201);
    expect((await s.request('POST', '/plugins', body)).status).toBe(409);
    expect((await s.request('GET', '/plugins/dup')).body.description).toBe('');
    expect((await s.request('POST', '/plugins', { ...body, name: 'bad name!' })).body).toMatchObject({ code: 422, field: 'name' });
    expect((await s.request('POST', '/plugins', { ...body, name: 'x1', repo: 'not a url' })).body).toMatchObject({ code: 422, field: 'repo' });
    expect((await s.request('POST', '/plugins', { ...body, name: 'x2', email: 'nope' })).body).toMatchObject({ code: 422, field: 'email' });
    expect((await s.request('POST', '/plugins', { name: 'x3', repo: body.repo, email: body.email })).body).toMatchObject({ code: 422, field: 'owner' });
    expect((await s.request('PATCH', '/plugins/ghost', { owner: 'x' })).status).toBe(404);
    expect((await s.request('DELETE', '/plugins/ghost')).status).toBe(404);
  });
});
