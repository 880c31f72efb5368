import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateRequest, DriverUnavailableError, ValidationError, type CertIssuer, type CertOrderProgress } from '@slipway/core';
import { startPebblePeer, type PebblePeer } from '../test/pebble-peer.js';
import { acmeIssuer } from './acme-issuer.js';

let peer: PebblePeer;
beforeAll(async () => {
  peer = await startPebblePeer();
});
afterAll(async () => {
  await peer?.stop();
});

const name = (prefix = 'www') => `${prefix}.a${Math.random().toString(36).slice(2, 10)}.slipway.test`;

async function untilFinal(issuer: CertIssuer, ref: string): Promise<CertOrderProgress> {
  for (let i = 0; i < 200; i++) {
    const p = await issuer.poll(ref);
    if (p.state !== 'pending') return p;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('order still pending');
}

async function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

describe('ACME account', () => {
  it('generates an account key when none is given and reuses the account for the same key', async () => {
    const first = acmeIssuer({ directoryUrl: peer.pebble.directoryUrl, ca: peer.pebble.listenerCaPem, http01: peer.http01 });
    expect(first.accountKeyGenerated).toBe(true);
    expect(first.accountKeyPem).toMatch(/BEGIN PRIVATE KEY/);
    const url = await first.accountUrl();
    const again = acmeIssuer({ directoryUrl: peer.pebble.directoryUrl, ca: peer.pebble.listenerCaPem, http01: peer.http01, accountKeyPem: first.accountKeyPem });
    expect(again.accountKeyGenerated).toBe(false);
    expect(await again.accountUrl()).toBe(url);
  });

  it('refuses options that cannot work without echoing a key', () => {
    expect(() => acmeIssuer({ directoryUrl: 'ftp://x', http01: peer.http01 })).toThrow(expect.objectContaining({ field: 'directoryUrl' }));
    expect(() => acmeIssuer({ directoryUrl: peer.pebble.directoryUrl })).toThrow(expect.objectContaining({ field: 'http01' }));
    let err: unknown;
    try {
      acmeIssuer({ directoryUrl: peer.pebble.directoryUrl, http01: peer.http01, accountKeyPem: 'secret-not-a-key' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).not.toContain('secret-not-a-key');
  });
});

describe('ACME orders against pebble', () => {
  const issuer = () => acmeIssuer({ directoryUrl: peer.pebble.directoryUrl, ca: peer.pebble.listenerCaPem, http01: peer.http01, pollIntervalMs: 100 });

  it('resumes an order in a new process from the stored ref and account key, and withdraws its http-01 answers', async () => {
    const first = issuer();
    const request = certificateRequest({ domains: [name()] });
    const start = await first.begin(request);
    if (start.state !== 'ordered') throw new Error(start.reason);
    expect((await first.poll(start.ref)).state).toBe('pending');
    expect(peer.tokens().length).toBeGreaterThan(0);
    // The controller dies here; a new one with the same (persisted) account key picks the job up.
    const restarted = acmeIssuer({ directoryUrl: peer.pebble.directoryUrl, ca: peer.pebble.listenerCaPem, http01: peer.http01, accountKeyPem: first.accountKeyPem });
    const done = await untilFinal(restarted, start.ref);
    expect(done.state).toBe('issued');
    expect(peer.tokens()).toEqual([]);
  });

  it('orders over dns-01 alone when there is no http-01 responder', async () => {
    const dnsOnly = acmeIssuer({ directoryUrl: peer.pebble.directoryUrl, ca: peer.pebble.listenerCaPem, dns01: peer.dns01, pollIntervalMs: 100 });
    const start = await dnsOnly.begin(certificateRequest({ domains: [name()] }));
    if (start.state !== 'ordered') throw new Error(start.reason);
    expect((await untilFinal(dnsOnly, start.ref)).state).toBe('issued');
  });

  it('without a dns-01 hook it offers no wildcard and refuses one as a ValidationError on domains', async () => {
    const httpOnly = issuer();
    expect(httpOnly.kinds).not.toContain('wildcard');
    await expect(httpOnly.begin(certificateRequest({ domains: [`*.${name('x')}`] }))).rejects.toSatisfy((e) => e instanceof ValidationError && e.field === 'domains');
  });

  it('reports a name the CA refuses at order time as failed with the CA reason', async () => {
    // Core's rules refuse this name first; the adapter must still map the CA's own refusal.
    const d = `bad_name.${name('x')}`;
    const start = await issuer().begin({ common_name: d, domains: [d], kind: 'single' });
    expect(start).toEqual({ state: 'failed', reason: expect.stringMatching(/illegal character/) });
  });

  it('reports a challenge nobody answers as failed with the CA reason', async () => {
    const mute = acmeIssuer({ directoryUrl: peer.pebble.directoryUrl, ca: peer.pebble.listenerCaPem, http01: { set: async () => undefined, remove: async () => undefined } });
    const start = await mute.begin(certificateRequest({ domains: [name()] }));
    if (start.state !== 'ordered') throw new Error(start.reason);
    const done = await untilFinal(mute, start.ref);
    expect(done.state).toBe('failed');
    if (done.state === 'failed') expect(done.reason).toMatch(/404|unauthorized|did not match|Invalid response/i);
  });

  it('refuses a ref of another directory', async () => {
    const other = acmeIssuer({ directoryUrl: 'https://127.0.0.1:1/dir', http01: peer.http01 });
    const start = await issuer().begin(certificateRequest({ domains: [name()] }));
    if (start.state !== 'ordered') throw new Error(start.reason);
    await expect(other.poll(start.ref)).rejects.toSatisfy((e) => e instanceof ValidationError && e.field === 'ref');
  });
});

describe('an ACME CA that does not answer', () => {
  const held: Socket[] = [];
  const blackHole = createTcpServer((s) => void held.push(s));
  const failing = createHttpServer((_req, res) => res.writeHead(503, { 'content-type': 'application/problem+json' }).end('{"type":"urn:ietf:params:acme:error:serverInternal","detail":"down for maintenance"}'));
  let holePort = 0;
  let failingPort = 0;
  beforeAll(async () => {
    holePort = await listen(blackHole);
    failingPort = await listen(failing);
  });
  afterAll(async () => {
    for (const s of held) s.destroy();
    await new Promise((r) => blackHole.close(r));
    await new Promise((r) => failing.close(r));
  });

  it('times out after timeoutMs with a DriverUnavailableError', async () => {
    const slow = acmeIssuer({ directoryUrl: `http://127.0.0.1:${holePort}/dir`, http01: peer.http01, timeoutMs: 300 });
    await expect(slow.begin(certificateRequest({ domains: [name()] }))).rejects.toSatisfy(
      (e) => e instanceof DriverUnavailableError && /did not answer within 300 ms/.test(e.message),
    );
  });

  it('fails fast with a DriverUnavailableError when nothing listens', async () => {
    // A port that was just free and is closed again: connection refused, no retries inside the call.
    const probe = createTcpServer();
    const closed = await listen(probe);
    await new Promise((r) => probe.close(r));
    const gone = acmeIssuer({ directoryUrl: `http://127.0.0.1:${closed}/dir`, http01: peer.http01 });
    await expect(gone.begin(certificateRequest({ domains: [name()] }))).rejects.toSatisfy((e) => e instanceof DriverUnavailableError && /unreachable/.test(e.message));
  });

  it('treats a 5xx as unavailable, not as a refusal', async () => {
    const down = acmeIssuer({ directoryUrl: `http://127.0.0.1:${failingPort}/dir`, http01: peer.http01 });
    await expect(down.begin(certificateRequest({ domains: [name()] }))).rejects.toBeInstanceOf(DriverUnavailableError);
  });

  it('does not trust the directory TLS certificate unless told to', async () => {
    const untrusting = acmeIssuer({ directoryUrl: peer.pebble.directoryUrl, http01: peer.http01 });
    await expect(untrusting.accountUrl()).rejects.toSatisfy((e) => e instanceof DriverUnavailableError && /certificate/i.test(e.message));
  });
});
