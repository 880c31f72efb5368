import { once } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';
import { AddressPolicy } from '@slipway/core';
import { selfSignedCert } from '@slipway/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RefusedAddressError, refusalOf } from './errors.js';
import { GuardedHttpAgent, GuardedHttpsAgent } from './guarded-agents.js';
import { guardedLookup, type Resolver } from './guarded-lookup.js';
import { connectGuarded } from './guarded-socket.js';

const toLoopback: Resolver = (_h, _o, cb) => process.nextTick(cb, null, [{ address: '127.0.0.1', family: 4 }]);
const strict = new AddressPolicy();

/** Resolves a `lookup` call as a promise of its callback arguments. */
function lookupOnce(lookup: net.LookupFunction, host: string, all: boolean): Promise<{ err: Error | null; address: unknown; family?: number }> {
  return new Promise((r) => lookup(host, { all }, (err, address, family) => r({ err, address, ...(family ? { family } : {}) })));
}

describe('guardedLookup', () => {
  it('answers like dns.lookup when every address is allowed, in both shapes', async () => {
    const publicDns: Resolver = (_h, _o, cb) => cb(null, [{ address: '93.184.215.14', family: 4 }, { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 }]);
    const lookup = guardedLookup(strict, publicDns);
    expect(await lookupOnce(lookup, 'example.com', true)).toMatchObject({ err: null, address: [{ address: '93.184.215.14', family: 4 }, { family: 6 }] });
    expect(await lookupOnce(lookup, 'example.com', false)).toMatchObject({ err: null, address: '93.184.215.14', family: 4 });
  });

  it('refuses the whole answer when one address is refused, and localhost names without resolving', async () => {
    let calls = 0;
    const mixed: Resolver = (_h, _o, cb) => (calls++, cb(null, [{ address: '93.184.215.14', family: 4 }, { address: '::ffff:169.254.169.254', family: 6 }]));
    const lookup = guardedLookup(strict, mixed);
    const r = await lookupOnce(lookup, 'example.com', true);
    expect(r.err).toBeInstanceOf(RefusedAddressError);
    expect(r.err).toMatchObject({ host: 'example.com', address: '169.254.169.254', reason: 'linkLocal' });
    expect(r.err!.message).not.toContain('169.254');
    calls = 0;
    expect((await lookupOnce(lookup, 'db.localhost', false)).err).toBeInstanceOf(RefusedAddressError);
    expect(calls).toBe(0);
  });

  it('refuses inet_aton spellings that reach lookup, before resolving them', async () => {
    const lookup = guardedLookup(strict);
    for (const host of ['127.1', '0x7f.1', '2130706433', '0177.0.0.1']) expect((await lookupOnce(lookup, host, true)).err, host).toBeInstanceOf(RefusedAddressError);
  });
});

describe('guarded connections to real loopback servers', () => {
  let httpServer: http.Server;
  let httpsServer: https.Server;
  let tcpServer: net.Server;
  let tlsServer: tls.Server;
  let ca: string;
  let hits = 0;
  const port = (s: net.Server) => (s.address() as AddressInfo).port;

  beforeAll(async () => {
    const cert = await selfSignedCert();
    ca = cert.cert;
    const answer = (_q: http.IncomingMessage, res: http.ServerResponse) => (hits++, res.end('hi'));
    httpServer = http.createServer(answer);
    httpsServer = https.createServer({ cert: cert.cert, key: cert.key }, answer);
    tcpServer = net.createServer((s) => (hits++, s.end('tcp')));
    tlsServer = tls.createServer({ cert: cert.cert, key: cert.key }, (s) => (hits++, s.end('tls')));
    await Promise.all([httpServer, httpsServer, tcpServer, tlsServer].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
  });
  afterAll(async () => {
    await Promise.all([httpServer, httpsServer, tcpServer, tlsServer].map((s) => new Promise<void>((r) => s.close(() => r()))));
  });

  function get(lib: typeof http | typeof https, options: https.RequestOptions): Promise<{ status?: number; err?: Error }> {
    return new Promise((resolve) => {
      const req = lib.request(options, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode! }));
      });
      req.on('error', (err) => resolve({ err }));
      req.end();
    });
  }

  it('GuardedHttpAgent refuses literal and resolved loopback, even when a request brings its own lookup', async () => {
    const before = hits;
    const agent = new GuardedHttpAgent({ resolve: toLoopback });
    expect(refusalOf((await get(http, { host: '127.0.0.1', port: port(httpServer), agent })).err)).toBeInstanceOf(RefusedAddressError);
    expect(refusalOf((await get(http, { host: '::ffff:127.0.0.1', port: port(httpServer), agent })).err)).toBeInstanceOf(RefusedAddressError);
    const ownLookup: net.LookupFunction = (_h, _o, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]);
    expect(refusalOf((await get(http, { host: 'hooks.example.test', port: port(httpServer), agent, lookup: ownLookup })).err)).toBeInstanceOf(RefusedAddressError);
    expect(hits).toBe(before);
    agent.destroy();
  });

  it('GuardedHttpsAgent connects when the policy allows it and refuses otherwise', async () => {
    const allowed = new GuardedHttpsAgent({ policy: new AddressPolicy({ allow: ['127.0.0.1'] }) }, { ca });
    expect(await get(https, { host: '127.0.0.1', port: port(httpsServer), agent: allowed })).toEqual({ status: 200 });
    const before = hits;
    const refused = new GuardedHttpsAgent({}, { ca });
    expect(refusalOf((await get(https, { host: '127.0.0.1', port: port(httpsServer), agent: refused })).err)).toBeInstanceOf(RefusedAddressError);
    expect(hits).toBe(before);
    allowed.destroy();
    refused.destroy();
  });

  it('connectGuarded refuses a literal at once and a name when it resolves, for TCP and TLS', async () => {
    const before = hits;
    expect(() => connectGuarded({ host: '127.0.0.1', port: port(tcpServer) })).toThrow(RefusedAddressError);
    expect(() => connectGuarded({ host: '[::1]', port: port(tcpServer) })).toThrow(RefusedAddressError);
    const byName = connectGuarded({ host: 'drain.example.test', port: port(tcpServer), resolve: toLoopback });
    const [err] = (await once(byName, 'error')) as [Error];
    expect(err).toBeInstanceOf(RefusedAddressError);
    const tlsByName = connectGuarded({ host: 'drain.example.test', port: port(tlsServer), resolve: toLoopback, tls: { ca } });
    expect(((await once(tlsByName, 'error')) as [Error])[0]).toBeInstanceOf(RefusedAddressError);
    expect(hits).toBe(before);
  });

  it('connectGuarded connects when allowed, for TCP and TLS', async () => {
    const tcp = connectGuarded({ host: 'drain.example.test', port: port(tcpServer), resolve: toLoopback, allowPrivate: true });
    tcp.setEncoding('utf8');
    let text = '';
    for await (const chunk of tcp) text += chunk;
    expect(text).toBe('tcp');
    const secure = connectGuarded({ host: '127.0.0.1', port: port(tlsServer), allowPrivate: true, tls: { ca } });
    secure.setEncoding('utf8');
    text = '';
    for await (const chunk of secure) text += chunk;
    expect(text).toBe('tls');
  });
});
