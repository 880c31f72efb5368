import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNIT_OF_WORK, generateSecretKey, recordCrash, type CrashedRuntimeEvent } from '@slipway/core';
import { startReceiver, type Receiver } from './receiver.js';
import { startTestServer, storeKinds, type TestServer } from './test-server.js';

describe.each(await storeKinds())('crashes reported by the runtime on %s', (kind) => {
  let a: TestServer;
  let b: TestServer;
  let rx: Receiver;
  let appId: string;
  beforeAll(async () => {
    // Replicas share the platform key: hook secrets are sealed with it.
    const secretKey = generateSecretKey();
    a = await startTestServer(kind, { allowPrivateHooks: true, jobPollMs: 50, secretKey });
    // A second controller on the same store, as when two replicas watch one engine.
    b = await startTestServer(kind, { allowPrivateHooks: true, jobPollMs: 50, databaseUrl: a.databaseUrl, secretKey });
    rx = await startReceiver();
    await a.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    appId = (await a.request('POST', '/apps', { org: 'acme', name: 'api', space: 'default' })).body.id;
    expect((await a.request('POST', '/apps/api-default/hooks', { url: rx.url, events: ['crashed'], secret: 'k' })).status).toBe(201);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await rx?.close();
  });

  const crash = (at: string): CrashedRuntimeEvent => ({
    kind: 'crashed',
    app: { id: appId, name: 'api' },
    space: { id: 'ignored', name: 'default' },
    code: 'R14',
    description: 'Memory quota exceeded',
    restarts: 1,
    dynos: [{ type: 'web', dyno: 'web.k2x9f' }],
    crashed_at: at,
  });

  it('announces a crash seen by two controllers exactly once, with the seed payload', async () => {
    const event = crash('2026-11-22T10:00:00.000Z');
    const won = await Promise.all([a, b].map((s) => recordCrash(s.platform.container.resolve(UNIT_OF_WORK), event)));
    expect(won.filter(Boolean)).toHaveLength(1);
    await rx.waitFor(1);
    expect(rx.received[0]!.body).toEqual({
      action: 'crashed',
      app: { name: 'api', id: appId },
      space: { name: 'default' },
      code: 'R14',
      description: 'Memory quota exceeded',
      restarts: 1,
      dynos: [{ type: 'web', dyno: 'web.k2x9f' }],
      crashed_at: '2026-11-22T10:00:00.000Z',
    });
    // A replay (reconnect) of the same crash is not announced again; a new crash is.
    expect(await recordCrash(a.platform.container.resolve(UNIT_OF_WORK), event)).toBe(false);
    expect(await recordCrash(b.platform.container.resolve(UNIT_OF_WORK), crash('2026-11-22T10:05:00.000Z'))).toBe(true);
    await rx.waitFor(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(rx.received).toHaveLength(2);
    const audits = (await a.request('GET', '/audits?app=api-default')).body.filter((e: { action: string }) => e.action === 'crashed');
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({ code: 'R14', username: 'system' });
  });

  it('ignores crashes of apps that no longer exist', async () => {
    expect(await recordCrash(a.platform.container.resolve(UNIT_OF_WORK), { ...crash('2026-11-22T11:00:00.000Z'), app: { id: '00000000-0000-4000-8000-000000000000', name: 'gone' } })).toBe(false);
  });
});
