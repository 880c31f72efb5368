import { randomBytes } from 'node:crypto';
import type { HostRoute, HostSpec, RouteTarget, RouterDriver } from '@slipway/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presentedCertificate, routerRequest, startEchoBackend, upgradeEcho, type EchoBackend, type ProbeResponse } from './router-test-peers.js';
import { selfSignedCert } from './self-signed-cert.js';

/** What a router driver supports; the contract runs the matching cases. */
export interface RouterDriverCapabilities {
  /** Serves HTTPS by SNI from `installCertificate` (needs `httpsUrl`). */
  tls: boolean;
  /** Tunnels `Upgrade: websocket` requests to the backend. */
  websockets: boolean;
  /** Exposes `challenges` and answers ACME http-01 on every host. */
  challenges: boolean;
}

/** What the adapter's test hands the contract. */
export interface RouterDriverFixture {
  driver: RouterDriver;
  /** Where clients reach the router's HTTP listener, e.g. `http://127.0.0.1:5080`; the suite sets Host itself. */
  httpUrl: string;
  /** Where clients reach its HTTPS listener (required with `tls`). */
  httpsUrl?: string;
  /** Address the suite's backend servers listen on, reachable by the router (default `127.0.0.1`). */
  backendHost?: string;
  /**
   * Called with every target before it is converged, for routers that do not dial `backends[].url` themselves
   * (Kubernetes: make the `{app_key}` Service in `space` point at those addresses).
   */
  prepareTarget?: (target: RouteTarget) => Promise<void>;
  /** How long a converge may take to show in traffic (default 5 000 ms; a gateway reconciling needs more). */
  settleMs?: number;
  /** Called once after the suite, after it removed its hosts and certificates. */
  teardown?: () => Promise<void>;
}

function label(prefix: string): string {
  return `${prefix}${randomBytes(3).toString('hex')}`;
}

/** Polls `probe` until `accept` holds for its result or the deadline passes, then returns the last result. */
async function settle<T>(probe: () => Promise<T>, accept: (v: T) => boolean, deadlineMs: number): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    let v: T | undefined;
    try {
      v = await probe();
      if (accept(v)) return v;
    } catch (err) {
      if (Date.now() > until) throw err;
    }
    if (Date.now() > until && v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The RouterDriver contract: every router runs it against real backends (loopback HTTP servers the suite starts)
 * and real client connections to the router's listeners. Hosts live under a random `.contract.test` domain.
 */
export function routerDriverContract(name: string, setup: () => Promise<RouterDriverFixture>, caps: RouterDriverCapabilities): void {
  describe(`RouterDriver contract: ${name}`, () => {
    let fx: RouterDriverFixture;
    const domain = `${label('r')}.contract.test`;
    const backends: EchoBackend[] = [];
    const certIds: string[] = [];
    let appCounter = 0;

    const backend = async (nameOf: string) => {
      const b = await startEchoBackend(nameOf, fx.backendHost ?? '127.0.0.1');
      backends.push(b);
      return b;
    };
    const target = (over: Partial<RouteTarget> & { servers?: EchoBackend[] } = {}): RouteTarget => {
      const n = ++appCounter;
      const { servers = [], ...rest } = over;
      return {
        app_id: `app-${n}`,
        app_key: `app${n}-ct`,
        app: `app${n}`,
        space: 'ct',
        port: 5000,
        backends: servers.map((s) => ({ id: `${s.name}-dyno`, url: s.url })),
        maintenance: false,
        ...rest,
      };
    };
    const route = (path: string, t: RouteTarget, target_path = '/'): HostRoute => ({ path, target_path, target: t });
    const converge = async (spec: HostSpec) => {
      for (const r of spec.routes) await fx.prepareTarget?.(r.target);
      await fx.driver.converge(spec);
    };
    const deadline = () => fx.settleMs ?? 5_000;
    const get = (host: string, path: string, headers?: Record<string, string>) => routerRequest(fx.httpUrl, { host, path, headers });
    /** GETs until the response passes `accept` (a converge may take a moment to show), then returns it. */
    const getWhen = (host: string, path: string, accept: (r: ProbeResponse) => boolean, headers?: Record<string, string>) =>
      settle(() => get(host, path, headers), accept, deadline());

    beforeAll(async () => {
      fx = await setup();
      if (caps.tls) expect(fx.httpsUrl, 'a router with tls must hand the suite its httpsUrl').toBeTruthy();
    }, 120_000);

    afterAll(async () => {
      if (fx) {
        for (const h of await fx.driver.hosts().catch(() => [])) if (h.endsWith(domain)) await fx.driver.remove(h).catch(() => undefined);
        for (const id of certIds) await fx.driver.removeCertificate(id).catch(() => undefined);
        await fx.teardown?.();
      }
      await Promise.all(backends.map((b) => b.close()));
    }, 120_000);

    it("routes an app's default host to its backends, keeping the client's Host", async () => {
      const [a, b] = [await backend('a1'), await backend('a2')];
      const host = `web-ct.${domain}`;
      await converge({ host, kind: 'app', routes: [route('/', target({ servers: [a, b] }))] });
      const res = await getWhen(host, '/hello?x=1', (r) => r.status === 200);
      expect(res.status).toBe(200);
      expect(['a1', 'a2']).toContain(res.echo?.backend);
      expect(res.echo?.url).toBe('/hello?x=1');
      expect(res.echo?.headers.host).toBe(host);
      // Host names are matched without port and case-insensitively.
      const upper = await get(`${host.toUpperCase()}:8080`, '/');
      expect(upper.status).toBe(200);
    });

    it('routes a site by longest path prefix, swapping the prefix for target_path', async () => {
      const [front, api, legacy] = [await backend('front'), await backend('api'), await backend('legacy')];
      const host = `www.${domain}`;
      await converge({
        host,
        kind: 'site',
        routes: [
          route('/', target({ servers: [front] })),
          route('/api', target({ servers: [api] }), '/'),
          route('/api/legacy', target({ servers: [legacy] }), '/v1'),
        ],
      });
      const users = await getWhen(host, '/api/users?page=2', (r) => r.echo?.backend === 'api');
      expect(users.echo).toMatchObject({ backend: 'api', url: '/users?page=2' });
      expect((await get(host, '/api')).echo).toMatchObject({ backend: 'api', url: '/' });
      expect((await get(host, '/api/legacy/items')).echo).toMatchObject({ backend: 'legacy', url: '/v1/items' });
      expect((await get(host, '/about')).echo).toMatchObject({ backend: 'front', url: '/about' });
      // Prefixes match whole path segments: /apiary is not under /api.
      expect((await get(host, '/apiary')).echo).toMatchObject({ backend: 'front', url: '/apiary' });
    });

    it('converging the same spec twice changes nothing', async () => {
      const a = await backend('same');
      const host = `twice.${domain}`;
      const spec: HostSpec = { host, kind: 'app', routes: [route('/', target({ servers: [a] }))] };
      await converge(spec);
      await getWhen(host, '/', (r) => r.status === 200);
      const before = await fx.driver.hosts();
      await converge(spec);
      expect(await fx.driver.hosts()).toEqual(before);
      const res = await get(host, '/x');
      expect(res.echo).toMatchObject({ backend: 'same', url: '/x' });
    });

    it('converging with fewer routes removes the old ones', async () => {
      const [one, two] = [await backend('one'), await backend('two')];
      const host = `shrink.${domain}`;
      const t1 = target({ servers: [one] });
      await converge({ host, kind: 'site', routes: [route('/one', t1), route('/two', target({ servers: [two] }))] });
      await getWhen(host, '/two/x', (r) => r.echo?.backend === 'two');
      await converge({ host, kind: 'site', routes: [route('/one', t1)] });
      const gone = await getWhen(host, '/two/x', (r) => r.status === 404);
      expect(gone.status).toBe(404);
      expect(gone.echo).toBeNull();
      expect((await get(host, '/one/x')).echo).toMatchObject({ backend: 'one', url: '/x' });
      // Paths no route covers are 404 too.
      expect((await get(host, '/elsewhere')).status).toBe(404);
    });

    it('removes a host, lists the hosts it serves, and answers 404 for unknown hosts', async () => {
      const a = await backend('rm');
      const [h1, h2] = [`keep.${domain}`, `drop.${domain}`];
      await converge({ host: h1, kind: 'app', routes: [route('/', target({ servers: [a] }))] });
      await converge({ host: h2, kind: 'app', routes: [route('/', target({ servers: [a] }))] });
      expect(await fx.driver.hosts()).toEqual(expect.arrayContaining([h1, h2]));
      await getWhen(h2, '/', (r) => r.status === 200);
      await fx.driver.remove(h2);
      await fx.driver.remove(h2); // absent: a no-op
      expect(await fx.driver.hosts()).toContain(h1);
      expect(await fx.driver.hosts()).not.toContain(h2);
      expect((await getWhen(h2, '/', (r) => r.status === 404)).status).toBe(404);
      expect((await get(h1, '/')).status).toBe(200);
      expect((await get(`nobody.${domain}`, '/')).status).toBe(404);
    });

    it('answers 503 when the target has no ready backend', async () => {
      const host = `empty.${domain}`;
      await converge({ host, kind: 'app', routes: [route('/', target())] });
      const res = await getWhen(host, '/', (r) => r.status === 503);
      expect(res.status).toBe(503);
      expect(res.echo).toBeNull();
      const a = await backend('arrived');
      await converge({ host, kind: 'app', routes: [route('/', target({ servers: [a] }))] });
      expect((await getWhen(host, '/', (r) => r.status === 200)).echo?.backend).toBe('arrived');
    });

    it('serves the maintenance page (503) in maintenance mode without reaching the app', async () => {
      const a = await backend('maint');
      const host = `maint.${domain}`;
      const t = target({ servers: [a] });
      await converge({ host, kind: 'app', routes: [route('/', { ...t, maintenance: true })] });
      const res = await getWhen(host, '/', (r) => r.status === 503);
      expect(res.status).toBe(503);
      expect(res.echo).toBeNull();
      expect(res.body.toLowerCase()).toContain('maintenance');
      expect(a.hits).toBe(0);
      await converge({ host, kind: 'app', routes: [route('/', t)] });
      expect((await getWhen(host, '/', (r) => r.status === 200)).echo?.backend).toBe('maint');
    });

    // Capability cases are declared only when claimed, so a router without one reports no skipped tests.
    if (caps.websockets) it('tunnels an upgrade (WebSocket) to the backend, with the prefix swapped', async () => {
      const a = await backend('ws');
      const host = `ws.${domain}`;
      await converge({ host, kind: 'site', routes: [route('/socket', target({ servers: [a] }), '/')] });
      await getWhen(host, '/socket', (r) => r.status === 200);
      const res = await upgradeEcho(fx.httpUrl, host, '/socket/live', 'ping through the router');
      expect(res).toEqual({ status: 101, echoed: 'ping through the router' });
    });

    if (caps.challenges) it('answers ACME http-01 challenges on every host, until removed', async () => {
      const responder = fx.driver.challenges;
      expect(responder, 'a router with challenges exposes them').toBeDefined();
      const token = label('tok');
      await responder!.set(token, `${token}.thumbprint`);
      for (const host of [`acme.${domain}`, `unrouted-${label('h')}.example.test`]) {
        const res = await getWhen(host, `/.well-known/acme-challenge/${token}`, (r) => r.status === 200);
        expect(res.status).toBe(200);
        expect(res.body.trim()).toBe(`${token}.thumbprint`);
      }
      await responder!.remove(token);
      const after = await getWhen(`acme.${domain}`, `/.well-known/acme-challenge/${token}`, (r) => r.status !== 200);
      expect(after.body.trim()).not.toBe(`${token}.thumbprint`);
    });

    if (caps.tls) it('serves an installed certificate by SNI, replaces it by id and removes it', async () => {
      const https = () => fx.httpsUrl!;
      const a = await backend('tls');
      const host = `secure.${domain}`;
      const other = `other.${domain}`;
      await converge({ host, kind: 'app', routes: [route('/', target({ servers: [a] }))] });
      await converge({ host: other, kind: 'app', routes: [route('/', target({ servers: [a] }))] });
      const first = await selfSignedCert({ dns: [host], ips: [] });
      const id = label('cert-');
      certIds.push(id);
      await fx.driver.installCertificate({ id, domains: [host], cert_pem: first.cert, key_pem: first.key });
      const served = await settle(() => routerRequest(https(), { host, path: '/tls' }), (r) => r.fingerprint256 === first.fingerprint256, deadline());
      expect(served.fingerprint256).toBe(first.fingerprint256);
      expect(served.echo).toMatchObject({ backend: 'tls', url: '/tls' });

      // A wildcard covers exactly one label: it serves other.<domain>, not the exact-name host and not a.b.<domain>.
      const wild = await selfSignedCert({ dns: [`*.${domain}`], ips: [] });
      const wildId = label('wild-');
      certIds.push(wildId);
      await fx.driver.installCertificate({ id: wildId, domains: [`*.${domain}`], cert_pem: wild.cert, key_pem: wild.key });
      expect(await settle(() => presentedCertificate(https(), other), (fp) => fp === wild.fingerprint256, deadline())).toBe(wild.fingerprint256);
      expect(await presentedCertificate(https(), host)).toBe(first.fingerprint256);
      expect(await presentedCertificate(https(), `a.b.${domain}`)).not.toBe(wild.fingerprint256);

      const second = await selfSignedCert({ dns: [host], ips: [] });
      await fx.driver.installCertificate({ id, domains: [host], cert_pem: second.cert, key_pem: second.key });
      expect(await settle(() => presentedCertificate(https(), host), (fp) => fp === second.fingerprint256, deadline())).toBe(second.fingerprint256);

      await fx.driver.removeCertificate(id);
      await fx.driver.removeCertificate(id); // absent: a no-op
      // With its own certificate gone, the host falls back to the wildcard that also covers it.
      expect(await settle(() => presentedCertificate(https(), host), (fp) => fp === wild.fingerprint256, deadline())).toBe(wild.fingerprint256);
      await fx.driver.removeCertificate(wildId);
      const none = await settle(() => presentedCertificate(https(), other), (fp) => fp !== wild.fingerprint256, deadline());
      expect([first.fingerprint256, second.fingerprint256, wild.fingerprint256]).not.toContain(none);
    });
  });
}
