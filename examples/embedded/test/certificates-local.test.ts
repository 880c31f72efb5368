import { request as httpsRequest, Agent } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DriverUnavailableError, generateSecretKey, type CertIssuer } from '@slipway/core';
import { embeddedRouter, type EmbeddedRouter } from '@slipway/router-embedded';
import { localCaIssuer, memoryCaRootStore } from '@slipway/certs-local';
import { curlHttps, handshakeSerial, leafSerial, siteSpec, startBackend, waitForNewCertificate, waitForOrder } from './certificate-peers.js';
import { startTestServer, storeKinds, testDatabase, type TestServer } from './test-server.js';

const kinds = await storeKinds();

/** A router on loopback with an HTTPS listener, as the host creates behind SLIPWAY_ROUTER_PORT. */
async function startRouter(): Promise<{ router: EmbeddedRouter; tlsPort: number }> {
  const router = embeddedRouter({ port: 0, tlsPort: 0, host: '127.0.0.1' });
  const { https } = await router.listening();
  return { router, tlsPort: https!.port };
}

describe.each(kinds)('certificates with the local CA (%s)', (kind) => {
  let s: TestServer;
  let router: EmbeddedRouter;
  let tlsPort: number;
  let backend: Awaited<ReturnType<typeof startBackend>>;
  beforeAll(async () => {
    ({ router, tlsPort } = await startRouter());
    backend = await startBackend('shop');
    s = await startTestServer(kind, { router });
    expect((await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' })).status).toBe(201);
  });
  afterAll(async () => {
    await s?.close();
    await router?.close();
    await backend?.close();
  });

  it('orders, issues and installs a certificate that curl --cacert <GET /ssl-ca> sees through the router', async () => {
    await router.converge(siteSpec('www.shop.test', backend.url));
    const created = await s.request('POST', '/ssl-orders', { name: 'shop-cert', common_name: 'www.shop.test', domain_names: ['www.shop.test', 'shop.test'], org: 'acme', comments: 'the shop' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'shop-cert', comments: 'the shop', requester: { name: 'tester' }, organization: { name: 'acme' }, common_name: 'www.shop.test',
      domain_names: ['www.shop.test', 'shop.test'], installed: false, status: 'pending', type: 'multi_domain', region: { name: expect.any(String) },
    });
    const issued = await waitForOrder(s, 'shop-cert', (o) => o.status === 'issued');
    expect(issued.expires).toEqual(expect.any(String));
    expect((await s.request('GET', '/ssl-endpoints/shop-cert')).status).toBe(404);

    const installed = await s.request('PUT', '/ssl-orders/shop-cert');
    expect(installed.status).toBe(201);
    expect(installed.body).toMatchObject({ id: created.body.id, installed: true, status: 'issued' });
    const endpoint = await s.request('GET', `/ssl-endpoints/${created.body.id}`);
    expect(endpoint.status).toBe(200);
    expect(endpoint.body.certificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect((await s.request('GET', '/ssl-endpoints')).body.map((e: { name: string }) => e.name)).toEqual(['shop-cert']);

    const ca = await s.request('GET', '/ssl-ca');
    expect(ca.body).toMatchObject({ issuer: 'local-ca', certificate: expect.stringMatching(/^-----BEGIN CERTIFICATE-----/) });
    const seen = await curlHttps('www.shop.test', tlsPort, ca.body.certificate);
    expect(seen.stderr).toBe('');
    expect(seen.body).toBe('shop www.shop.test:' + tlsPort + ' /');
    // The presented certificate is the issued one: a handshake through node shows the same serial.
    expect(await presentedSerial('www.shop.test', tlsPort, ca.body.certificate)).toBe(leafSerial(endpoint.body.certificate));
    expect((await s.request('PUT', '/ssl-orders/shop-cert')).status).toBe(409);
  });

  it('answers 400 for a bad domain and 422 for a name or domain taken, where wildcards do not count', async () => {
    const base = { org: 'acme', comments: '' };
    const bad = await s.request('POST', '/ssl-orders', { ...base, name: 'bad', domain_names: ['under_score.shop.test'] });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('domain_names');
    expect((await s.request('POST', '/ssl-orders', { ...base, name: 'again', domain_names: ['shop.test'] })).status).toBe(422);
    expect((await s.request('POST', '/ssl-orders', { ...base, name: 'shop-cert', domain_names: ['new.shop.test'] })).status).toBe(422);
    const wild = await s.request('POST', '/ssl-orders', { ...base, name: 'wild', common_name: '*.shop.test', domain_names: ['*.shop.test'] });
    expect(wild.status).toBe(201);
    expect(wild.body.type).toBe('wildcard');
    expect((await s.request('POST', '/ssl-orders', { ...base, name: 'api-cert', domain_names: ['api.shop.test'] })).status).toBe(201);
    expect((await s.request('POST', '/ssl-orders', { ...base, name: 'no-org', org: 'nope', domain_names: ['x.shop.test'] })).status).toBe(404);
    expect((await s.request('POST', '/ssl-orders', { ...base, name: 'bad name!', domain_names: ['y.shop.test'] })).status).toBe(422);
    expect((await s.request('GET', '/ssl-orders/missing')).status).toBe(404);
    expect((await s.request('PUT', '/ssl-orders/missing')).status).toBe(404);
    const list = await s.request('GET', '/ssl-orders');
    expect(list.body.map((o: { name: string }) => o.name).sort()).toEqual(['api-cert', 'shop-cert', 'wild']);
    // Private keys are sealed at rest and never served, audited or listed.
    for (const path of ['/ssl-orders', '/ssl-endpoints', '/ssl-orders/shop-cert', '/ssl-endpoints/shop-cert', '/audits']) {
      expect(JSON.stringify((await s.request('GET', path)).body)).not.toMatch(/PRIVATE KEY|key_sealed|order_ref/);
    }
  });
});

describe('certificate renewal and restarts (sqlite)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('renews a short-lived certificate before it expires and swaps it in without dropping an open connection', async () => {
    const { router, tlsPort } = await startRouter();
    cleanups.push(() => router.close());
    const backend = await startBackend('renewed');
    cleanups.push(() => backend.close());
    // 8 s certificates renewed 5 s before they expire: a renewal every ~3 s.
    const s = await startTestServer('sqlite', { router, certificates: { leafValidityDays: 8 / 86_400, renewBeforeDays: 5 / 86_400 } });
    cleanups.push(() => s.close());
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    await router.converge(siteSpec('www.renew.test', backend.url));
    await s.request('POST', '/ssl-orders', { name: 'renew-cert', domain_names: ['www.renew.test'], org: 'acme' });
    await waitForOrder(s, 'renew-cert', (o) => o.status === 'issued');
    expect((await s.request('PUT', '/ssl-orders/renew-cert')).status).toBe(201);
    const first = (await s.request('GET', '/ssl-endpoints/renew-cert')).body;
    const ca = (await s.request('GET', '/ssl-ca')).body.certificate as string;

    const agent = new Agent({ keepAlive: true, maxSockets: 1, ca, servername: 'www.renew.test', maxCachedSessions: 0 });
    cleanups.push(async () => agent.destroy());
    const before = await get(agent, tlsPort, 'www.renew.test');
    expect(before.body).toContain('renewed');
    expect(before.serial).toBe(leafSerial(first.certificate));

    // Requests keep the connection busy (an idle one would be closed by the server's keep-alive timeout).
    let busy = true;
    const traffic = (async () => {
      while (busy) {
        const r = await get(agent, tlsPort, 'www.renew.test');
        if (!r.reused || r.serial !== before.serial) throw new Error('the open connection was replaced');
        await new Promise((res) => setTimeout(res, 300));
      }
    })();
    const renewed = await waitForNewCertificate(s, 'renew-cert', first.certificate, 15_000).finally(() => (busy = false));
    await traffic;
    expect(renewed).toMatchObject({ id: first.id, installed: true, status: 'issued' });
    expect(new Date(renewed.expires).getTime()).toBeGreaterThan(new Date(first.expires).getTime());
    // New handshakes get a renewed certificate (there may have been more than one renewal by now) ...
    const fresh = await presentedSerial('www.renew.test', tlsPort, ca);
    expect(fresh).not.toBe(leafSerial(first.certificate));
    // ... and the connection opened before the swap still carries requests with the certificate it started with.
    const after = await get(agent, tlsPort, 'www.renew.test');
    expect(after.reused).toBe(true);
    expect(after.serial).toBe(leafSerial(first.certificate));
    expect(after.body).toContain('renewed');
  });

  it('installs every installed certificate into a fresh router when the controller starts again', async () => {
    const db = await testDatabase('sqlite', 'slipway_certs');
    cleanups.push(() => db.cleanup());
    const backend = await startBackend('restarted');
    cleanups.push(() => backend.close());
    const one = await startRouter();
    const first = await startTestServer('sqlite', { databaseUrl: db.url, router: one.router });
    await first.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    await first.request('POST', '/ssl-orders', { name: 'kept-cert', domain_names: ['www.kept.test'], org: 'acme' });
    await waitForOrder(first, 'kept-cert', (o) => o.status === 'issued');
    expect((await first.request('PUT', '/ssl-orders/kept-cert')).status).toBe(201);
    const cert = (await first.request('GET', '/ssl-endpoints/kept-cert')).body.certificate as string;
    await first.close();
    await one.router.close();

    // The embedded router keeps certificates in memory only: a new one starts empty and is filled at start.
    const two = await startRouter();
    cleanups.push(() => two.router.close());
    const second = await startTestServer('sqlite', { databaseUrl: db.url, router: two.router });
    cleanups.push(() => second.close());
    await two.router.converge(siteSpec('www.kept.test', backend.url));
    const ca = (await second.request('GET', '/ssl-ca')).body.certificate as string;
    expect(await handshakeSerial('www.kept.test', two.tlsPort, ca)).toBe(leafSerial(cert));
    expect((await curlHttps('www.kept.test', two.tlsPort, ca)).body).toBe(`restarted www.kept.test:${two.tlsPort} /`);
  });

  it('resumes an order from its stored ref after the controller stops mid-way, without ordering twice', async () => {
    const db = await testDatabase('sqlite', 'slipway_certs');
    cleanups.push(() => db.cleanup());
    const secretKey = generateSecretKey();
    const rootStore = memoryCaRootStore();
    const real = localCaIssuer({ secretKey, store: rootStore });
    const calls = { begin: 0, poll: 0 };
    // First controller: places the order, then its CA polls fail as if the process died right after storing the ref.
    const dying: CertIssuer = {
      name: real.name,
      kinds: real.kinds,
      begin: async (r) => (calls.begin++, real.begin(r)),
      poll: async () => {
        calls.poll++;
        throw new DriverUnavailableError('the controller was stopped');
      },
      renew: (p) => real.renew(p),
    };
    const first = await startTestServer('sqlite', { databaseUrl: db.url, secretKey, certificates: { issuer: dying } });
    await first.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    await first.request('POST', '/ssl-orders', { name: 'resume-cert', domain_names: ['www.resume.test'], org: 'acme' });
    const until = Date.now() + 20_000;
    while (calls.poll === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(calls).toMatchObject({ begin: 1 });
    expect((await first.request('GET', '/ssl-orders/resume-cert')).body.status).toBe('pending');
    expect((await first.request('PUT', '/ssl-orders/resume-cert')).status).toBe(422);
    await first.close();

    const counting: CertIssuer = { ...real, name: real.name, kinds: real.kinds, begin: async (r) => (calls.begin++, real.begin(r)), poll: (ref) => real.poll(ref), renew: (p) => real.renew(p) };
    const second = await startTestServer('sqlite', { databaseUrl: db.url, secretKey, certificates: { issuer: counting } });
    cleanups.push(() => second.close());
    const done = await waitForOrder(second, 'resume-cert', (o) => o.status === 'issued');
    expect(done.expires).toEqual(expect.any(String));
    expect(calls.begin).toBe(1);
  });
});

/** The serial each TLS connection was opened with. */
const handshakeSerials = new WeakMap<TLSSocket, string>();

/** One GET over `agent`, with the serial of the certificate on the socket and whether the socket was reused. */
function get(agent: Agent, port: number, host: string): Promise<{ body: string; serial: string; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port, path: '/', headers: { host }, agent, servername: host }, (res) => {
      // A kept-alive socket is the same connection: remember the certificate its handshake presented.
      const socket = res.socket as TLSSocket;
      if (!handshakeSerials.has(socket)) handshakeSerials.set(socket, socket.getPeerX509Certificate()?.serialNumber ?? 'none');
      const serial = handshakeSerials.get(socket)!;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ body, serial, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The serial of the certificate a fresh TLS handshake for `host` gets. */
async function presentedSerial(host: string, port: number, ca: string): Promise<string> {
  const agent = new Agent({ keepAlive: false, ca, maxCachedSessions: 0 });
  try {
    return (await get(agent, port, host)).serial;
  } finally {
    agent.destroy();
  }
}
