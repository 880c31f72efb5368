import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controllers } from './process.js';
import { startReceiver, type Receiver } from './receiver.js';
import { storeKinds, testDatabase } from './test-server.js';

const TOKEN = 'crash-test-token';

describe.each(await storeKinds())('webhook delivery across a controller crash on %s', (kind) => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let rx: Receiver;
  const { start, call, killAll } = controllers(TOKEN, () => ({ DATABASE_URL: db.url, SLIPWAY_ALLOW_PRIVATE_HOOKS: '1', SLIPWAY_JOB_LEASE_MS: '1500', SLIPWAY_HOOK_RETRY_BASE_MS: '100' }));

  beforeAll(async () => {
    db = await testDatabase(kind, 'slipway_crash');
    rx = await startReceiver();
  });
  afterAll(async () => {
    await killAll();
    await rx?.close();
    await db?.cleanup();
  });

  it('loses no delivery when killed mid-send, and resends none that was answered', async () => {
    // The receiver holds the first request open: controller A dies before anyone answered it.
    rx.respond = (_r, n) => (n === 1 ? null : { status: 200 });
    const a = await start();
    await call(a.url, 'POST', '/organizations', { name: 'acme', description: 'Acme' });
    await call(a.url, 'POST', '/apps', { org: 'acme', name: 'api', space: 'default' });
    const hook = (await call(a.url, 'POST', '/apps/api-default/hooks', { url: rx.url, events: ['config_change'], secret: 'k' })).body;
    for (let i = 0; i < 3; i++) expect((await call(a.url, 'PATCH', '/apps/api-default/config-vars', { SEQ: String(i) })).status).toBe(200);
    await rx.waitFor(1);
    await a.kill();

    // Controller B reclaims the in-flight delivery once A's lease expires, then sends the queued ones in order.
    const b = await start();
    await rx.waitFor(4);
    const seq = rx.received.map((r) => r.body.config_vars.SEQ);
    expect(seq).toEqual(['0', '0', '1', '2']);
    const ids = rx.received.map((r) => r.headers['x-appkit-delivery']);
    expect(ids[0]).toBe(ids[1]);
    expect(new Set(ids).size).toBe(3);
    await expect
      .poll(async () => (await call(b.url, 'GET', `/apps/api-default/hooks/${hook.id}/results`)).body.map((r: { status: string }) => r.status), { timeout: 10_000 })
      .toEqual(['succeeded', 'succeeded', 'succeeded']);

    // Everything answered is settled: a further crash and restart sends nothing again.
    await b.kill();
    const c = await start();
    await new Promise((r) => setTimeout(r, 2500));
    expect(rx.received).toHaveLength(4);
    const results = (await call(c.url, 'GET', `/apps/api-default/hooks/${hook.id}/results`)).body;
    expect(results.map((r: { num_attempts: number }) => r.num_attempts)).toEqual([2, 1, 1]);
  });
});
