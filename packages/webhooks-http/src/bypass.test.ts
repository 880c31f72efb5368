import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AddressPolicy } from '@slipway/core';
import { guardedFetch, OutboundError, RefusedAddressError, type Resolver } from '@slipway/outbound';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpWebhookSender } from './sender.js';

/** A real receiver on one loopback address that counts TCP connections and requests, to prove "got nothing". */
interface Receiver {
  server: Server;
  connections: number;
  requests: number;
}

async function receiver(host: string, port: number, answer: (res: import('node:http').ServerResponse) => void): Promise<Receiver> {
  const r: Receiver = { server: createServer(), connections: 0, requests: 0 };
  r.server.on('connection', () => r.connections++);
  r.server.on('request', (req, res) => {
    r.requests++;
    req.resume();
    req.on('end', () => answer(res));
  });
  await new Promise<void>((ok, fail) => r.server.once('error', fail).listen({ host, port, ipv6Only: host.includes(':') }, ok));
  return r;
}

const close = (r: Receiver | undefined) => new Promise<void>((ok) => (r ? r.server.close(() => ok()) : ok()));

/** A resolver that answers the given addresses in turn (the last one forever): DNS that changes its mind. */
function answering(...answers: string[][]): Resolver & { calls: number } {
  const fn = ((_host, _opts, cb) => {
    const list = answers[Math.min(fn.calls++, answers.length - 1)]!;
    process.nextTick(cb, null, list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  }) as Resolver & { calls: number };
  fn.calls = 0;
  return fn;
}

describe('bypass table: nothing reaches a loopback receiver unless the policy allows it', () => {
  let port: number;
  let v4: Receiver;
  let v6: Receiver | undefined;
  let allowedPeer: Receiver;
  let redirectTo = '';
  // 127.0.0.2 stands in for a public receiver: the policy allow-lists exactly that address.
  const publicLike = new AddressPolicy({ allow: ['127.0.0.2/32'] });

  beforeAll(async () => {
    v4 = await receiver('127.0.0.1', 0, (res) => res.end('loopback'));
    port = (v4.server.address() as AddressInfo).port;
    try {
      v6 = await receiver('::1', port, (res) => res.end('loopback6'));
    } catch (err) {
      // ::1 is exercised where the host has it; CI machines have it, so there a missing ::1 is a failure.
      if (process.env.CI === 'true') throw err;
    }
    allowedPeer = await receiver('127.0.0.2', port, (res) => {
      res.shouldKeepAlive = false;
      if (redirectTo) {
        res.statusCode = 302;
        res.setHeader('location', redirectTo);
      }
      res.end('public');
    });
  });
  afterAll(async () => {
    await Promise.all([close(v4), close(v6), close(allowedPeer)]);
  });

  const loopbackTouched = () => v4.connections + v4.requests + (v6 ? v6.connections + v6.requests : 0);

  /** Host spellings that all mean this machine; each must be refused before any connection. */
  const literalForms = [
    '127.0.0.1',
    '[::ffff:127.0.0.1]',
    '[::ffff:7f00:1]',
    '[0:0:0:0:0:ffff:127.0.0.1]',
    '[::ffff:0:127.0.0.1]',
    '[::127.0.0.1]',
    '[::7f00:1]',
    '[64:ff9b::127.0.0.1]',
    '[64:ff9b:1::7f00:1]',
    '[2002:7f00:1::]',
    '2130706433',
    '0x7f000001',
    '0177.0.0.1',
    '0x7f.1',
    '127.1',
    '127.0.0.1.',
    '0.0.0.0',
    '0',
    '[::]',
    '[::1]',
    'localhost',
    'LOCALHOST.',
    'hooks.localhost',
  ];

  describe.each(literalForms)('http://%s', (host) => {
    it('is refused by the webhook sender without touching the receiver', async () => {
      const before = loopbackTouched();
      const r = await new HttpWebhookSender().send({ url: `http://${host}:${port}/hook`, headers: {}, body: '{}' });
      expect(r).toMatchObject({ ok: false, code: null, retry: false });
      expect((r as { error: string }).error).toMatch(/refused/);
      expect(loopbackTouched()).toBe(before);
    });

    it('is refused by guardedFetch without touching the receiver', async () => {
      const before = loopbackTouched();
      const err = await guardedFetch(`http://${host}:${port}/x`).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OutboundError);
      expect((err as OutboundError).code).toBe('refused');
      expect(loopbackTouched()).toBe(before);
    });
  });

  /** Names whose DNS answer is loopback in some spelling: refused at connect time, by the guarded lookup. */
  const resolvedForms: Array<[string, string[]]> = [
    ['loopback', ['127.0.0.1']],
    ['IPv4-mapped loopback', ['::ffff:127.0.0.1']],
    ['IPv6 loopback', ['::1']],
    ['unspecified', ['0.0.0.0']],
    ['a public answer mixed with loopback', ['127.0.0.2', '127.0.0.1']],
  ];

  it.each(resolvedForms)('refuses a name resolving to %s (sender and guardedFetch)', async (_what, answer) => {
    const before = loopbackTouched();
    const peerBefore = allowedPeer.requests;
    const sent = await new HttpWebhookSender({ policy: publicLike, resolve: answering(answer) }).send({ url: `http://hooks.example.test:${port}/`, headers: {}, body: '{}' });
    expect(sent).toMatchObject({ ok: false, retry: false });
    expect((sent as { error: string }).error).toMatch(/resolves to a restricted address/);
    const err = await guardedFetch(`http://hooks.example.test:${port}/`, { policy: publicLike, resolve: answering(answer) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedAddressError);
    expect(loopbackTouched()).toBe(before);
    expect(allowedPeer.requests).toBe(peerBefore);
  });

  it('checks the address at connect time: DNS that changes its answer after a check is caught (sender)', async () => {
    // First answers pass (127.0.0.2 is allowed), later ones rebind to loopback.
    const dns = answering(['127.0.0.2'], ['127.0.0.2'], ['127.0.0.1']);
    const sender = new HttpWebhookSender({ policy: publicLike, resolve: dns });
    const url = `http://rebind.example.test:${port}/hook`;
    // The "check" a naive client would do before connecting: it sees an allowed address.
    await new Promise<void>((ok) => dns('rebind.example.test', { all: true }, (_e, a) => (expect(publicLike.isAllowed(a[0]!.address)).toBe(true), ok())));
    const before = loopbackTouched();
    const peerBefore = allowedPeer.requests;
    expect(await sender.send({ url, headers: {}, body: '{}' })).toMatchObject({ ok: true, code: 200 });
    expect(allowedPeer.requests).toBe(peerBefore + 1);
    const second = await sender.send({ url, headers: {}, body: '{}' });
    expect(second).toMatchObject({ ok: false, retry: false });
    expect(loopbackTouched()).toBe(before);
    sender.close();
  });

  it('checks the address at connect time: DNS that changes its answer after a check is caught (guardedFetch)', async () => {
    const dns = answering(['127.0.0.2'], ['127.0.0.1']);
    const url = `http://rebind.example.test:${port}/x`;
    const first = await guardedFetch(url, { policy: publicLike, resolve: dns });
    expect(first.status).toBe(200);
    expect(await first.text()).toBe('public');
    const before = loopbackTouched();
    await expect(guardedFetch(url, { policy: publicLike, resolve: dns })).rejects.toBeInstanceOf(RefusedAddressError);
    expect(loopbackTouched()).toBe(before);
  });

  it.each([
    ['a loopback literal', () => `http://127.0.0.1:${port}/`],
    ['a mapped loopback literal', () => `http://[::ffff:7f00:1]:${port}/`],
    ['a decimal loopback literal', () => `http://2130706433:${port}/`],
    ['a name resolving to loopback', () => `http://inner.example.test:${port}/`],
  ])('does not follow a redirect from an allowed receiver to %s', async (_what, target) => {
    redirectTo = target();
    try {
      const before = loopbackTouched();
      const peerBefore = allowedPeer.requests;
      const dns = answering(['127.0.0.1']);
      const sent = await new HttpWebhookSender({ policy: publicLike, resolve: dns }).send({ url: `http://127.0.0.2:${port}/hook`, headers: {}, body: '{}' });
      expect(sent).toMatchObject({ ok: false, code: 302, retry: false });
      // guardedFetch returns the 3xx by default, and re-checks every hop when told to follow.
      const plain = await guardedFetch(`http://127.0.0.2:${port}/x`, { policy: publicLike, resolve: dns });
      expect(plain.status).toBe(302);
      plain.body.resume();
      await expect(guardedFetch(`http://127.0.0.2:${port}/x`, { policy: publicLike, resolve: dns, maxRedirects: 5 })).rejects.toBeInstanceOf(RefusedAddressError);
      expect(allowedPeer.requests).toBe(peerBefore + 3);
      expect(loopbackTouched()).toBe(before);
    } finally {
      redirectTo = '';
    }
  });

  describe('with allowPrivate the same forms are delivered (so the refusals above are the policy, not the network)', () => {
    const reachable = ['127.0.0.1', '[::ffff:127.0.0.1]', '2130706433', '0x7f.1', '127.1', '0177.0.0.1', '0.0.0.0', 'localhost'];

    it.each(reachable)('delivers to http://%s through the sender and guardedFetch', async (host) => {
      const before = v4.requests + (v6?.requests ?? 0);
      const r = await new HttpWebhookSender({ allowPrivate: true }).send({ url: `http://${host}:${port}/hook`, headers: {}, body: '{}' });
      expect(r).toMatchObject({ ok: true, code: 200 });
      const res = await guardedFetch(`http://${host}:${port}/x`, { allowPrivate: true });
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/^loopback/);
      expect(v4.requests + (v6?.requests ?? 0)).toBe(before + 2);
    });

    it('delivers to http://[::1] when the host has IPv6 loopback', async () => {
      if (!v6) return expect(process.env.CI).not.toBe('true');
      const before = v6.requests;
      expect(await new HttpWebhookSender({ allowPrivate: true }).send({ url: `http://[::1]:${port}/hook`, headers: {}, body: '{}' })).toMatchObject({ ok: true });
      expect(await (await guardedFetch(`http://[::1]:${port}/x`, { allowPrivate: true })).text()).toBe('loopback6');
      expect(v6.requests).toBe(before + 2);
    });

    it('follows a redirect to loopback hop by hop when the policy allows loopback', async () => {
      redirectTo = `http://127.0.0.1:${port}/final`;
      try {
        const res = await guardedFetch(`http://127.0.0.2:${port}/x`, { allowPrivate: true, maxRedirects: 2 });
        expect(res.status).toBe(200);
        expect(res.url.toString()).toBe(`http://127.0.0.1:${port}/final`);
        expect(await res.text()).toBe('loopback');
      } finally {
        redirectTo = '';
      }
    });
  });
});
