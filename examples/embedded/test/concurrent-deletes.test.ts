import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from './receiver.js';
import { startTestServer, storeKinds, type TestServer } from './test-server.js';

const N = 10;

describe.each(await storeKinds())('concurrent deletes of one resource happen exactly once, on %s', (kind) => {
  let s: TestServer;
  let rx: Receiver;
  beforeAll(async () => {
    s = await startTestServer(kind, { runtime: 'none', allowPrivateHooks: true, hookRetryBaseMs: 50, jobPollMs: 50 });
    rx = await startReceiver();
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await rx?.close();
  });

  /** Sends `N` identical requests at once and returns their statuses, sorted. */
  const together = async (method: string, path: string) => (await Promise.all(Array.from({ length: N }, () => s.request(method, path)))).map((r) => r.status).sort();
  const audits = async (action: string, app: string) =>
    ((await s.request('GET', '/audits')).body as Array<{ action: string; app?: { name?: string } }>).filter((a) => a.action === action && a.app?.name === app);
  const once = [200, ...Array(N - 1).fill(404)];

  it('an app: one 200, the rest 404; one destroy audit, one destroy delivery', async () => {
    expect((await s.request('POST', '/apps', { org: 'acme', name: 'gone', space: 'default' })).status).toBe(201);
    expect((await s.request('POST', '/apps/gone-default/hooks', { url: rx.url, events: ['destroy'] })).status).toBe(201);
    expect(await together('DELETE', '/apps/gone-default')).toEqual(once);
    expect(await audits('destroy', 'gone')).toHaveLength(1);
    await rx.waitFor(1);
    // Deliveries of a second destroy would be in the outbox by now (it is written in the delete's transaction).
    await new Promise((r) => setTimeout(r, 500));
    expect(rx.received.filter((r) => r.body.action === 'destroy' && r.body.app.name === 'gone')).toHaveLength(1);
    expect((await s.request('GET', '/apps/gone-default')).status).toBe(404);
  });

  it('a hook: one 200, the rest 404, one hook_delete audit', async () => {
    expect((await s.request('POST', '/apps', { org: 'acme', name: 'hooked', space: 'default' })).status).toBe(201);
    const hook = await s.request('POST', '/apps/hooked-default/hooks', { url: rx.url, events: ['release'] });
    expect(hook.status).toBe(201);
    expect(await together('DELETE', `/apps/hooked-default/hooks/${hook.body.id}`)).toEqual(once);
    expect(await audits('hook_delete', 'hooked')).toHaveLength(1);
  });

  it('a formation: one 200, the rest 404, one formation_change audit for the delete', async () => {
    expect((await s.request('POST', '/apps', { org: 'acme', name: 'scaled', space: 'default' })).status).toBe(201);
    expect((await s.request('POST', '/apps/scaled-default/formation', { type: 'worker', quantity: 1, size: 'constellation', command: 'sleep 1' })).status).toBe(201);
    const before = (await audits('formation_change', 'scaled')).length;
    expect(await together('DELETE', '/apps/scaled-default/formation/worker')).toEqual(once);
    expect(await audits('formation_change', 'scaled')).toHaveLength(before + 1);
  });
});
