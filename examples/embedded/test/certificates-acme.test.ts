import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouterDriver } from '@slipway/core';
import { embeddedRouter, type EmbeddedRouter } from '@slipway/router-embedded';
import { startPebble, type Pebble } from '@slipway/testkit';
import { curlHttps, handshakeSerial, leafSerial, siteSpec, startBackend, waitForOrder } from './certificate-peers.js';
import { startTestServer, type TestServer } from './test-server.js';

describe('certificates from ACME (pebble) through the embedded router', () => {
  let pebble: Pebble;
  let router: EmbeddedRouter;
  let tlsPort: number;
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let s: TestServer;
  let dir: string;
  let root: string;
  // While set, the router publishes wrong http-01 answers, so pebble itself refuses the names it validates.
  let refuse = false;

  beforeAll(async () => {
    pebble = await startPebble();
    // pebble validates http-01 on 127.0.0.1:<httpPort>: the embedded router listens there and answers.
    router = embeddedRouter({ port: pebble.httpPort, host: '127.0.0.1', tlsPort: 0 });
    tlsPort = (await router.listening()).https!.port;
    backend = await startBackend('acme-shop');
    dir = mkdtempSync(join(tmpdir(), 'slw-acme-'));
    writeFileSync(join(dir, 'pebble-listener.pem'), pebble.listenerCaPem);
    const refusing: RouterDriver = {
      name: router.name,
      converge: (spec) => router.converge(spec),
      remove: (host) => router.remove(host),
      hosts: () => router.hosts(),
      installCertificate: (cert) => router.installCertificate(cert),
      removeCertificate: (id) => router.removeCertificate(id),
      challenges: {
        set: (token, answer) => router.challenges!.set(token, refuse ? `${token}.not-the-thumbprint` : answer),
        remove: (token) => router.challenges!.remove(token),
      },
      close: () => router.close(),
    };
    // renewBeforeDays beyond pebble's validity: every installed certificate is due for renewal at once.
    s = await startTestServer('sqlite', {
      router: refusing,
      certificates: { acmeDirectory: pebble.directoryUrl, acmeCaFile: join(dir, 'pebble-listener.pem'), renewBeforeDays: 100_000 },
    });
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    root = await pebble.rootPem();
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await router?.close();
    await backend?.close();
    await pebble?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('orders through pebble, installs, serves the issued certificate to curl --cacert <pebble root>, and keeps it when the renewal is refused', async () => {
    await router.converge(siteSpec('www.pebble.test', backend.url));
    const created = await s.request('POST', '/ssl-orders', { name: 'pebble-cert', domain_names: ['www.pebble.test'], org: 'acme' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending', type: 'ssl_plus', installed: false });
    expect((await s.request('GET', '/ssl-ca')).status).toBe(404);
    const issued = await waitForOrder(s, 'pebble-cert', (o) => o.status !== 'pending');
    expect(issued).toMatchObject({ status: 'issued', status_reason: null });

    // The renewal that installing schedules at once is refused by pebble; the installed certificate stays.
    refuse = true;
    expect((await s.request('PUT', '/ssl-orders/pebble-cert')).status).toBe(201);
    const cert = (await s.request('GET', '/ssl-endpoints/pebble-cert')).body.certificate as string;
    const failed = await waitForOrder(s, 'pebble-cert', (o) => o.status === 'failed');
    expect(failed.installed).toBe(true);
    expect(failed.status_reason).toMatch(/key authorization|unauthorized/i);
    const endpoint = (await s.request('GET', '/ssl-endpoints/pebble-cert')).body;
    expect(endpoint.certificate).toBe(cert);

    const seen = await curlHttps('www.pebble.test', tlsPort, root);
    expect(seen.stderr).toBe('');
    expect(seen.body).toBe(`acme-shop www.pebble.test:${tlsPort} /`);
    expect(await handshakeSerial('www.pebble.test', tlsPort, root)).toBe(leafSerial(cert));
  });

  it('leaves a first order pebble refuses failed with its reason', async () => {
    refuse = true;
    expect((await s.request('POST', '/ssl-orders', { name: 'refused-cert', domain_names: ['www.refused.test'], org: 'acme' })).status).toBe(201);
    const failed = await waitForOrder(s, 'refused-cert', (o) => o.status !== 'pending');
    expect(failed).toMatchObject({ status: 'failed', installed: false });
    expect(failed.status_reason).toMatch(/key authorization|unauthorized/i);
    expect((await s.request('PUT', '/ssl-orders/refused-cert')).status).toBe(422);
    // A failed order does not hold its names: they can be ordered again.
    refuse = false;
    expect((await s.request('POST', '/ssl-orders', { name: 'retried-cert', domain_names: ['www.refused.test'], org: 'acme' })).status).toBe(201);
    expect(await waitForOrder(s, 'retried-cert', (o) => o.status !== 'pending')).toMatchObject({ status: 'issued' });
  });
});
