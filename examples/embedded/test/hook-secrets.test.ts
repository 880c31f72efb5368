import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { STORE, signBody } from '@slipway/core';
import type { MikroOrmStore } from '@slipway/store-mikroorm';
import { startReceiver, type Receiver } from './receiver.js';
import { startTestServer, storeKinds, type TestServer } from './test-server.js';

describe.each(await storeKinds())('hook secrets are sealed at rest, on %s', (kind) => {
  let s: TestServer;
  let rx: Receiver;
  /** The stored `secret` column of a hook, read past every repository. */
  const rawSecret = async (id: string) => {
    const knex = ((s.platform.container.resolve(STORE) as MikroOrmStore).orm.em as SqlEntityManager).getKnex();
    const rows = (await knex('hooks').where({ id }).select('secret')) as Array<{ secret: string }>;
    return rows[0]!.secret;
  };
  const setRawSecret = async (id: string, secret: string) => {
    const knex = ((s.platform.container.resolve(STORE) as MikroOrmStore).orm.em as SqlEntityManager).getKnex();
    await knex('hooks').where({ id }).update({ secret });
  };

  beforeAll(async () => {
    s = await startTestServer(kind, { runtime: 'none', allowPrivateHooks: true, jobPollMs: 50 });
    rx = await startReceiver();
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    expect((await s.request('POST', '/apps', { org: 'acme', name: 'sealed', space: 'default' })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await rx?.close();
  });

  it('stores a sealed value, echoes the secret through the API and signs deliveries with it', async () => {
    const secret = 'k-very-secret-value';
    const created = await s.request('POST', '/apps/sealed-default/hooks', { url: rx.url, events: ['config_change'], secret });
    expect(created.status).toBe(201);
    expect(created.body.secret).toBe(secret);
    const raw = await rawSecret(created.body.id);
    expect(raw).not.toContain(secret);
    expect(raw).toMatch(/^sealed:v1:/);
    expect((await s.request('GET', `/apps/sealed-default/hooks/${created.body.id}`)).body.secret).toBe(secret);
    expect((await s.request('PATCH', '/apps/sealed-default/config-vars', { A: '1' })).status).toBe(200);
    await rx.waitFor(1);
    const got = rx.received[0]!;
    expect(got.headers['x-appkit-signature']).toBe(signBody(got.raw.toString('utf8'), secret));
  });

  it('reads rows stored in plain text before sealing, and seals them on their next write', async () => {
    const created = await s.request('POST', '/apps/sealed-default/hooks', { url: rx.url, events: ['release'] });
    await setRawSecret(created.body.id, 'legacy-plain');
    expect((await s.request('GET', `/apps/sealed-default/hooks/${created.body.id}`)).body.secret).toBe('legacy-plain');
    expect((await s.request('PATCH', `/apps/sealed-default/hooks/${created.body.id}`, { active: true })).status).toBe(200);
    const raw = await rawSecret(created.body.id);
    expect(raw).not.toContain('legacy-plain');
    expect((await s.request('GET', `/apps/sealed-default/hooks`)).body.find((h: { id: string }) => h.id === created.body.id).secret).toBe('legacy-plain');
  });
});
