import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpWebhookSender, type HttpWebhookSenderOptions } from './sender.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

describe('HttpWebhookSender against a real loopback receiver', () => {
  let server: Server;
  let base: string;
  let handler: Handler = (_q, _b, res) => res.end();
  const seen: Array<{ headers: IncomingMessage['headers']; body: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        seen.push({ headers: req.headers, body });
        handler(req, body, res);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const send = (s: HttpWebhookSender, path = '/hook', body = '{"a":1}') => s.send({ url: base + path, headers: { 'x-appkit-event': 'release', 'content-type': 'application/json' }, body });

  it('posts the exact body with the given headers and reports the answer', async () => {
    handler = (_q, _b, res) => {
      res.setHeader('x-receiver', 'yes');
      res.end('ok');
    };
    const r = await send(new HttpWebhookSender({ allowPrivate: true }), '/hook', '{"action":"release"}');
    expect(r).toMatchObject({ ok: true, code: 200, headers: { 'x-receiver': 'yes' } });
    const last = seen.at(-1)!;
    expect(last.body).toBe('{"action":"release"}');
    expect(last.headers['x-appkit-event']).toBe('release');
    expect(last.headers['content-length']).toBe(String(Buffer.byteLength('{"action":"release"}')));
  });

  it('refuses loopback receivers unless allowed, without connecting', async () => {
    const before = seen.length;
    const r = await send(new HttpWebhookSender());
    expect(r).toMatchObject({ ok: false, retry: false });
    expect(seen.length).toBe(before);
    const byName = await new HttpWebhookSender().send({ url: base.replace('127.0.0.1', 'localhost'), headers: {}, body: '{}' });
    expect(byName).toMatchObject({ ok: false, retry: false });
  });

  it('refuses names that resolve to restricted addresses at connect time', async () => {
    // A public-looking name passes the literal check and is only caught when DNS answers 127.0.0.1
    // (a resolver that maps it there stands in for a hostile DNS record).
    const rebinding = ((_h: string, _o: unknown, cb: (e: null, a: Array<{ address: string; family: number }>) => void) =>
      cb(null, [{ address: '127.0.0.1', family: 4 }])) as unknown as NonNullable<HttpWebhookSenderOptions['resolve']>;
    const before = seen.length;
    const r = await new HttpWebhookSender({ resolve: rebinding }).send({ url: base.replace('127.0.0.1', 'hooks.example.com'), headers: {}, body: '{}' });
    expect(r).toMatchObject({ ok: false, retry: false });
    expect((r as { error: string }).error).toMatch(/restricted/);
    expect(seen.length).toBe(before);
  });

  it('reports 5xx as retryable and 3xx as a failure it does not follow', async () => {
    handler = (_q, _b, res) => {
      res.statusCode = 503;
      res.end();
    };
    expect(await send(new HttpWebhookSender({ allowPrivate: true }))).toMatchObject({ ok: false, code: 503, retry: true });
    handler = (_q, _b, res) => {
      res.statusCode = 302;
      res.setHeader('location', 'http://169.254.169.254/latest/meta-data');
      res.end();
    };
    const before = seen.length;
    expect(await send(new HttpWebhookSender({ allowPrivate: true }))).toMatchObject({ ok: false, code: 302, retry: false });
    expect(seen.length).toBe(before + 1);
  });

  it('times out slow receivers', async () => {
    handler = (_q, _b, res) => setTimeout(() => res.end(), 2000);
    const r = await send(new HttpWebhookSender({ allowPrivate: true, timeoutMs: 200 }));
    expect(r).toMatchObject({ ok: false, code: null, retry: true });
    expect((r as { error: string }).error).toMatch(/timed out/);
  });

  it('stops reading oversized responses', async () => {
    handler = (_q, _b, res) => {
      res.statusCode = 200;
      res.write(Buffer.alloc(256 * 1024, 97));
      res.end();
    };
    const r = await send(new HttpWebhookSender({ allowPrivate: true, maxResponseBytes: 1024 }));
    expect(r).toMatchObject({ code: 200 });
  });
});
