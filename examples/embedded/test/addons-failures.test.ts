import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecretKey } from '@slipway/core';
import { postgresAvailable } from '@slipway/testkit';
import { startEmbedded } from '../src/server.js';
import { startTestBroker, useDatabase, type TestBroker } from './broker.js';
import { startTestServer, storeKinds, type TestServer } from './test-server.js';

await postgresAvailable();

describe.each(await storeKinds())('addon provisioning failures and async plans on %s', (kind) => {
  let s: TestServer;
  let broker: TestBroker;
  let n = 0;
  let app: string;
  beforeAll(async () => {
    broker = await startTestBroker();
    s = await startTestServer(kind, { brokers: [broker.options], jobPollMs: 50 });
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
  });
  afterAll(async () => {
    await s?.close();
    await broker?.close();
  });
  const fresh = async () => {
    app = `fx${++n}-default`;
    expect((await s.request('POST', '/apps', { org: 'acme', name: `fx${n}`, space: 'default' })).status).toBe(201);
  };
  const noneLeft = () => expect.poll(() => broker.leftovers(), { timeout: 20_000, interval: 200 }).toEqual([]);

  it('provisions asynchronously: answers provisioning, then a job polls and binds', async () => {
    await fresh();
    const created = await s.request('POST', `/apps/${app}/addons`, { plan: 'postgresql:async' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'provisioning', config_vars: [], plan: { name: 'postgresql:async' } });
    expect(created.body.state_description).toMatch(/^provisioning: /);
    await expect.poll(async () => (await s.request('GET', `/addons/${created.body.id}`)).body.state, { timeout: 15_000 }).toBe('provisioned');
    const url = (await s.request('GET', `/apps/${app}/config-vars`)).body.DATABASE_URL;
    expect(await useDatabase(url)).toBe('ok');
    expect((await s.request('DELETE', `/apps/${app}/addons/${created.body.id}`)).status).toBe(200);
    await noneLeft();
  });

  it('reports a broker 500 to the user, keeps no addon and deprovisions the orphan', async () => {
    await fresh();
    const r = await s.request('POST', `/apps/${app}/addons`, { plan: 'postgresql:chaos', parameters: { fail: 'provision-500' } });
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ id: 'service_unavailable', message: expect.stringContaining('example-pg') });
    expect((await s.request('GET', `/apps/${app}/addons`)).body).toEqual([]);
    expect((await s.request('GET', '/addons')).body.filter((a: { app: { name: string } }) => a.app.name === app)).toEqual([]);
    await noneLeft();
  });

  it('treats a garbage answer as a failure and cleans up what the broker made', async () => {
    await fresh();
    const r = await s.request('POST', `/apps/${app}/addons`, { plan: 'postgresql:chaos', parameters: { fail: 'provision-garbage' } });
    expect(r.status).toBe(503);
    expect(r.body.message).toMatch(/malformed/);
    expect((await s.request('GET', `/apps/${app}/addons`)).body).toEqual([]);
    await noneLeft();
  });

  it('gives up on a slow broker after its timeout and deprovisions what it may have made', async () => {
    await fresh();
    const r = await s.request('POST', `/apps/${app}/addons`, { plan: 'postgresql:chaos', parameters: { fail: 'provision-timeout', delay_ms: 4000 } });
    expect(r.status).toBe(503);
    expect(r.body.message).toMatch(/did not answer/);
    await noneLeft();
  });

  it('marks an addon whose async provision failed as failed, cleans the broker, and lets the user delete it', async () => {
    await fresh();
    const created = await s.request('POST', `/apps/${app}/addons`, { plan: 'postgresql:chaos', parameters: { fail: 'provision-async-fail' } });
    expect(created.status).toBe(201);
    expect(created.body.state).toBe('provisioning');
    await expect.poll(async () => (await s.request('GET', `/addons/${created.body.id}`)).body.state, { timeout: 15_000 }).toBe('failed');
    const failed = (await s.request('GET', `/apps/${app}/addons/${created.body.id}`)).body;
    expect(failed.state_description).toMatch(/could not provision/);
    expect(failed.config_vars).toEqual([]);
    await noneLeft();
    expect((await s.request('DELETE', `/apps/${app}/addons/${created.body.id}`)).status).toBe(200);
    await expect.poll(async () => (await s.request('GET', `/addons/${created.body.id}`)).status).toBe(404);
  });

  it('keeps polling through broker errors while an operation runs', async () => {
    await fresh();
    const created = await s.request('POST', `/apps/${app}/addons`, { plan: 'postgresql:chaos', parameters: { fail: 'poll-errors' } });
    expect(created.status).toBe(201);
    await expect.poll(async () => (await s.request('GET', `/addons/${created.body.id}`)).body.state, { timeout: 15_000 }).toBe('provisioned');
    expect(Object.keys((await s.request('GET', `/apps/${app}/config-vars`)).body)).toEqual(['DATABASE_URL']);
    expect((await s.request('DELETE', `/apps/${app}/addons/${created.body.id}`)).status).toBe(200);
    await noneLeft();
  });

  it('retries a deprovision the broker failed until it succeeds', async () => {
    await fresh();
    const created = await s.request('POST', `/apps/${app}/addons`, { plan: 'postgresql:chaos', parameters: { fail: 'deprovision-500-once' } });
    expect(created.body.state).toBe('provisioned');
    expect((await s.request('DELETE', `/apps/${app}/addons/${created.body.id}`)).status).toBe(200);
    await noneLeft();
  });
});

describe('brokers that are down or answer garbage', () => {
  let garbage: Server;
  let s: TestServer;
  beforeAll(async () => {
    garbage = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"services": <html>');
    });
    await new Promise<void>((r) => garbage.listen(0, '127.0.0.1', r));
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    s = await startTestServer('sqlite', {
      brokers: [
        { name: 'down', url: `http://127.0.0.1:${deadPort}`, username: 'u', password: 'secret-pass', timeoutMs: 1000 },
        { name: 'garbage', url: `http://127.0.0.1:${(garbage.address() as AddressInfo).port}`, username: 'u', password: 'secret-pass', timeoutMs: 1000 },
      ],
    });
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    await s.request('POST', '/apps', { org: 'acme', name: 'api', space: 'default' });
  });
  afterAll(async () => {
    await s?.close();
    await new Promise<void>((r) => garbage.close(() => r()));
  });

  it('answers 503 naming the broker, never echoing its credentials, and writes nothing', async () => {
    const services = await s.request('GET', '/addon-services');
    expect(services.status).toBe(503);
    expect(services.body.message).toMatch(/down|garbage/);
    const create = await s.request('POST', '/apps/api-default/addons', { plan: 'postgresql:small' });
    expect(create.status).toBe(503);
    expect(create.body.message).toContain('"down"');
    for (const body of [services.body, create.body]) expect(JSON.stringify(body)).not.toContain('secret-pass');
    expect((await s.request('GET', '/apps/api-default/addons')).body).toEqual([]);
    expect((await s.request('GET', '/addons')).body).toEqual([]);
  });
});

describe('addon jobs survive a controller restart', () => {
  let broker: TestBroker;
  let dir: string;
  beforeAll(async () => {
    broker = await startTestBroker(1500);
    dir = mkdtempSync(join(tmpdir(), 'slipway-addons-restart-'));
  });
  afterAll(async () => {
    await broker?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resumes polling an async provision after a restart and binds', async () => {
    const settings = {
      port: 0,
      host: '127.0.0.1',
      databaseUrl: `sqlite:${join(dir, 'c.db')}`,
      token: 'restart-token',
      tokenGenerated: false,
      username: 'tester',
      logLevel: 'silent',
      brokers: [broker.options],
      jobPollMs: 50,
      jobLeaseMs: 2000,
    };
    const call = async (base: string, method: string, path: string, body?: unknown) => {
      const r = await fetch(base.replace('localhost', '127.0.0.1') + path, {
        method,
        headers: { authorization: 'Bearer restart-token', 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: r.status, body: (await r.json()) as any };
    };
    const first = await startEmbedded(settings);
    await call(first.url, 'POST', '/organizations', { name: 'acme', description: 'Acme' });
    await call(first.url, 'POST', '/apps', { org: 'acme', name: 'api', space: 'default' });
    const created = await call(first.url, 'POST', '/apps/api-default/addons', { plan: 'postgresql:async' });
    expect(created.body.state).toBe('provisioning');
    // The broker is still working: stop the controller mid-operation.
    await first.close();
    // The key was generated beside the SQLite file, so the restarted controller can open the credentials.
    const second = await startEmbedded(settings);
    try {
      await expect.poll(async () => (await call(second.url, 'GET', `/addons/${created.body.id}`)).body.state, { timeout: 15_000 }).toBe('provisioned');
      const vars = (await call(second.url, 'GET', '/apps/api-default/config-vars')).body;
      expect(await useDatabase(vars.DATABASE_URL)).toBe('ok');
    } finally {
      await second.close();
    }
    // Started with another key, the controller cannot open the sealed credentials and says so (no 500, no value shown).
    const wrongKey = await startEmbedded({ ...settings, secretKey: generateSecretKey() });
    try {
      const r = await call(wrongKey.url, 'GET', '/apps/api-default/config-vars');
      expect(r.status).toBe(503);
      expect(r.body.message).toMatch(/secret key/);
    } finally {
      await wrongKey.close();
    }
  });

  it('refuses to start with a secret key that is not 32 bytes', async () => {
    await expect(
      startEmbedded({ port: 0, host: '127.0.0.1', databaseUrl: `sqlite:${join(dir, 'k.db')}`, token: 't', tokenGenerated: false, username: 'u', logLevel: 'silent', secretKey: 'too-short' }),
    ).rejects.toThrow(/32 bytes/);
    expect(generateSecretKey()).not.toBe(generateSecretKey());
  });
});
