import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, storeKinds, type TestServer } from './test-server.js';

describe.each(await storeKinds())('organizations, regions, stacks, sizes on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(() => s?.close());

  it('creates, gets (case-insensitively) and lists organizations', async () => {
    const c = await s.request('POST', '/organizations', { name: 'Acme', description: 'Acme Inc.' });
    expect(c.status).toBe(201);
    expect(c.body).toEqual({ created_at: expect.any(String), id: expect.any(String), name: 'acme', updated_at: expect.any(String), role: 'admin' });
    const byName = await s.request('GET', '/organizations/ACME');
    expect(byName.status).toBe(200);
    expect(byName.body.id).toBe(c.body.id);
    const byId = await s.request('GET', `/organizations/${c.body.id}`);
    expect(byId.body.name).toBe('acme');
    const list = await s.request('GET', '/organizations');
    expect(list.status).toBe(200);
    expect(list.body.map((o: { name: string }) => o.name)).toContain('acme');
  });

  it('rejects bad organization input naming the field', async () => {
    const missing = await s.request('POST', '/organizations', { description: 'x' });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ id: 'invalid_params', field: 'name', code: 422 });
    const wrongType = await s.request('POST', '/organizations', { name: 42, description: 'x' });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body.field).toBe('name');
    const badName = await s.request('POST', '/organizations', { name: 'no spaces!', description: 'x' });
    expect(badName.status).toBe(422);
    expect(badName.body.field).toBe('name');
    const noDesc = await s.request('POST', '/organizations', { name: 'nodesc' });
    expect(noDesc.body.field).toBe('description');
    await s.request('POST', '/organizations', { name: 'dupe', description: 'x' });
    const dupe = await s.request('POST', '/organizations', { name: 'DUPE', description: 'x' });
    expect(dupe.status).toBe(409);
    expect(dupe.body).toMatchObject({ id: 'conflict', code: 409 });
    const unknown = await s.request('GET', '/organizations/nosuchorg');
    expect(unknown.status).toBe(404);
    expect(unknown.body.id).toBe('not_found');
  });

  it('serves the default region, stack and size catalogs', async () => {
    const regions = await s.request('GET', '/regions');
    expect(regions.status).toBe(200);
    expect(regions.body[0]).toMatchObject({ name: expect.any(String), provider: { availability_zones: expect.any(Array) }, high_availiability: expect.any(Boolean) });
    const region = await s.request('GET', `/regions/${regions.body[0].name}`);
    expect(region.body.id).toBe(regions.body[0].id);
    expect((await s.request('GET', '/regions/atlantis')).status).toBe(404);

    const stacks = await s.request('GET', '/stacks');
    const stack = stacks.body[0];
    expect(stack).toMatchObject({ id: expect.any(String), name: 'ds1', region: { id: regions.body[0].id, name: regions.body[0].name } });
    expect((await s.request('GET', `/stacks/${stack.name}`)).body).toEqual(stack);
    expect((await s.request('GET', `/stack/${stack.id}`)).body).toEqual(stack);
    expect((await s.request('GET', '/stack/nope')).status).toBe(404);

    const sizes = await s.request('GET', '/sizes');
    expect(sizes.body.length).toBeGreaterThan(0);
    expect(sizes.body[0]).toEqual({ name: expect.any(String), resources: { requests: { memory: expect.any(String) }, limits: { memory: expect.any(String) } }, price: expect.any(Number) });
  });
});
