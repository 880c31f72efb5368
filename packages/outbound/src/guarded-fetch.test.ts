import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { AddressPolicy } from '@slipway/core';
import { selfSignedCert } from '@slipway/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundError, RefusedAddressError } from './errors.js';
import { createGuardedDispatcher } from './guarded-dispatcher.js';
import { guardedFetch } from './guarded-fetch.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A real loopback HTTP server whose answer each test sets. */
async function serve(onRequest: () => Handler): Promise<{ server: Server; base: string; seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> }> {
  const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      onRequest()(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('guardedFetch against real loopback servers', () => {
  let a: Awaited<ReturnType<typeof serve>>;
  let b: Awaited<ReturnType<typeof serve>>;
  let handler: Handler = (_q, _b, res) => res.end('ok');
  const open = { allowPrivate: true };

  beforeAll(async () => {
    a = await serve(() => handler);
    b = await serve(() => (_q, _b, res) => res.end('from b'));
  });
  afterAll(async () => {
    await Promise.all([a, b].map((s) => new Promise<void>((r) => s.server.close(() => r()))));
  });

  it('sends method, headers and body and returns status, headers and body', async () => {
    handler = (_q, body, res) => {
      res.statusCode = 201;
      res.setHeader('x-echo', body);
      res.end('created');
    };
    const res = await guardedFetch(`${a.base}/things?token=secret`, { ...open, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(res.status).toBe(201);
    expect(res.headers['x-echo']).toBe('{"a":1}');
    expect(await res.text()).toBe('created');
    expect(a.seen.at(-1)).toMatchObject({ method: 'POST', url: '/things?token=secret', body: '{"a":1}' });
  });

  it('refuses loopback by default, naming the host but never the path or query', async () => {
    const err = await guardedFetch(`${a.base}/x?token=secret`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedAddressError);
    expect((err as RefusedAddressError).retryable).toBe(false);
    expect((err as Error).message).toContain('127.0.0.1');
    expect((err as Error).message).not.toContain('secret');
  });

  it('refuses other schemes and URLs with credentials', async () => {
    await expect(guardedFetch('ftp://example.com/file', open)).rejects.toMatchObject({ code: 'refused' });
    await expect(guardedFetch(`http://user:pw@127.0.0.1:1/`, open)).rejects.toThrow(/credentials/);
  });

  it('fails a body past maxBytes while streaming, and a declared one before reading', async () => {
    handler = (_q, _b, res) => {
      res.write(Buffer.alloc(64 * 1024, 97));
      res.write(Buffer.alloc(64 * 1024, 98));
      res.end();
    };
    const res = await guardedFetch(a.base, { ...open, maxBytes: 100_000 });
    expect(res.status).toBe(200);
    await expect(res.bytes()).rejects.toMatchObject({ code: 'too_large' });
    handler = (_q, _b, res) => res.end(Buffer.alloc(200_000));
    await expect(guardedFetch(a.base, { ...open, maxBytes: 100_000 })).rejects.toMatchObject({ code: 'too_large' });
  });

  it('times out a server that never answers, as a retryable failure', async () => {
    handler = () => undefined;
    const err = await guardedFetch(a.base, { ...open, timeoutMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutboundError);
    expect(err).toMatchObject({ code: 'timeout', retryable: true });
  });

  it('reports a cancel as aborted', async () => {
    handler = () => undefined;
    const ac = new AbortController();
    const pending = guardedFetch(a.base, { ...open, signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
  });

  it('returns redirects as they are by default', async () => {
    handler = (_q, _b, res) => {
      res.statusCode = 302;
      res.setHeader('location', `${b.base}/there`);
      res.end();
    };
    const before = b.seen.length;
    const res = await guardedFetch(a.base, open);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`${b.base}/there`);
    expect(b.seen.length).toBe(before);
  });

  it('follows redirects hop by hop up to maxRedirects, dropping credentials across origins and POST after 303', async () => {
    handler = (_q, _b, res) => {
      res.statusCode = 303;
      res.setHeader('location', `${b.base}/there`);
      res.end();
    };
    const res = await guardedFetch(a.base, { ...open, method: 'POST', body: 'x', headers: { authorization: 'Bearer secret', 'x-keep': '1' }, maxRedirects: 1 });
    expect(res.status).toBe(200);
    expect(res.url.toString()).toBe(`${b.base}/there`);
    expect(await res.text()).toBe('from b');
    const hop = b.seen.at(-1)!;
    expect(hop.method).toBe('GET');
    expect(hop.headers.authorization).toBeUndefined();
    expect(hop.headers['x-keep']).toBe('1');
  });

  it('fails past maxRedirects', async () => {
    handler = (_q, _b, res) => {
      res.statusCode = 307;
      res.setHeader('location', '/again');
      res.end();
    };
    await expect(guardedFetch(a.base, { ...open, maxRedirects: 2 })).rejects.toMatchObject({ code: 'redirect' });
  });

  it('re-checks each redirect hop against the policy', async () => {
    // The first hop is allow-listed; its redirect to a loopback address that is not, is refused before connecting.
    const policy = new AddressPolicy({ allow: [`127.0.0.1/32`] });
    handler = (_q, _b, res) => {
      res.statusCode = 302;
      res.setHeader('location', `http://[::ffff:127.0.0.2]:${new URL(b.base).port}/`);
      res.end();
    };
    await expect(guardedFetch(a.base, { policy, maxRedirects: 3 })).rejects.toBeInstanceOf(RefusedAddressError);
  });

  it('reuses a shared guarded dispatcher across calls', async () => {
    handler = (_q, _b, res) => res.end('ok');
    const dispatcher = createGuardedDispatcher(open);
    try {
      for (let i = 0; i < 3; i++) expect(await (await guardedFetch(a.base, { dispatcher })).text()).toBe('ok');
    } finally {
      await dispatcher.close();
    }
  });
});

describe('guardedFetch over https with a self-signed certificate', () => {
  let base: string;
  let ca: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const tls = await selfSignedCert();
    ca = tls.cert;
    const server = createHttpsServer({ cert: tls.cert, key: tls.key }, (_q, res) => res.end('secure'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise<void>((r) => server.close(() => r()));
  });
  afterAll(() => close());

  it('trusts the certificate given as ca, and still applies the policy', async () => {
    const res = await guardedFetch(base, { allowPrivate: true, connect: { ca } });
    expect(await res.text()).toBe('secure');
    await expect(guardedFetch(base, { connect: { ca } })).rejects.toBeInstanceOf(RefusedAddressError);
  });

  it('refuses an untrusted certificate as a network failure', async () => {
    await expect(guardedFetch(base, { allowPrivate: true })).rejects.toMatchObject({ code: 'network' });
  });
});
