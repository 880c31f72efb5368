import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, storeKinds, type TestServer } from './test-server.js';

const OUTSIDER = 'outsider-token';

/** The response cache's hit count from /metrics. */
async function hits(s: TestServer): Promise<number> {
  const text = (await s.request('GET', '/metrics')).body as string;
  return Number(/slipway_http_response_cache_total\{result="hit"\} (\d+)/.exec(text)?.[1] ?? 0);
}

describe.each(await storeKinds())('answers from memory on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind, { extraTokens: [{ token: OUTSIDER, principal: { id: '5c1f0a7e-0000-4000-8000-0000000000aa', username: 'outsider', email: 'outsider@localhost', roles: [] } }] });
    expect((await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' })).status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await s.request('POST', '/apps', { org: 'acme', name: `a${i}`, space: 'default' })).status).toBe(201);
  });
  afterAll(() => s?.close());

  it('answers a repeated read from memory with the same body and ETag, and 304 to If-None-Match', async () => {
    const first = await s.request('GET', '/apps/a0-default');
    const before = await hits(s);
    const second = await s.request('GET', '/apps/a0-default');
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('etag')).toMatch(/^W\/"/);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(second.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await hits(s)).toBe(before + 1);
    const unchanged = await s.request('GET', '/apps/a0-default', undefined, { 'if-none-match': first.headers.get('etag')! });
    expect(unchanged.status).toBe(304);
    expect(unchanged.body).toBeUndefined();
  });

  it('never answers what a write replaced, once the write is answered', async () => {
    // Readers keep the memory warm while one writer flips the app; after each answered write a read must show it.
    let reading = true;
    const readers = Array.from({ length: 4 }, async () => {
      while (reading) expect((await s.request('GET', '/apps/a1-default')).status).toBe(200);
    });
    let etag = (await s.request('GET', '/apps/a1-default')).headers.get('etag');
    for (let i = 0; i < 20; i++) {
      const maintenance = i % 2 === 0;
      expect((await s.request('PATCH', '/apps/a1-default', { maintenance })).status).toBe(200);
      const after = await s.request('GET', '/apps/a1-default', undefined, { 'if-none-match': etag! });
      expect(after.status).toBe(200);
      expect(after.body.maintenance).toBe(maintenance);
      expect(after.headers.get('etag')).not.toBe(etag);
      etag = after.headers.get('etag');
      const listed = (await s.request('GET', '/apps')).body as Array<{ name: string; maintenance: boolean }>;
      expect(listed.find((a) => a.name === 'a1')!.maintenance).toBe(maintenance);
    }
    reading = false;
    await Promise.all(readers);
  });

  it('never hands one caller what was remembered for another', async () => {
    expect((await s.request('GET', '/apps/a2-default')).status).toBe(200);
    expect((await s.request('GET', '/apps/a2-default')).status).toBe(200);
    const outsider = await s.request('GET', '/apps/a2-default', undefined, { authorization: `Bearer ${OUTSIDER}` });
    expect(outsider.status).toBe(403);
    expect(outsider.headers.get('etag')).toBeNull();
    const anonymous = await s.request('GET', '/apps/a2-default', undefined, { authorization: '' });
    expect(anonymous.status).toBe(401);
  });

  it('keeps a page and its Next-Range together', async () => {
    const first = await s.request('GET', '/apps', undefined, { range: 'id ..; max=2' });
    const again = await s.request('GET', '/apps', undefined, { range: 'id ..; max=2' });
    expect(first.status).toBe(206);
    expect(again.status).toBe(206);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('next-range')).toBe(first.headers.get('next-range'));
    const next = await s.request('GET', '/apps', undefined, { range: first.headers.get('next-range')! });
    expect((next.body as Array<{ id: string }>).map((a) => a.id)).not.toContain((first.body as Array<{ id: string }>)[0]!.id);
  });
});

describe('with the response cache turned off', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer('sqlite', { responseCache: false });
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    await s.request('POST', '/apps', { org: 'acme', name: 'plain', space: 'default' });
  });
  afterAll(() => s?.close());

  it('answers every read from the store, without ETags', async () => {
    const first = await s.request('GET', '/apps/plain-default');
    const second = await s.request('GET', '/apps/plain-default');
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('etag')).toBeNull();
    expect(await hits(s)).toBe(0);
  });
});
