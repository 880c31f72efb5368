import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookRequest, WebhookResponse, WebhookSender } from '@slipway/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Settings the contract asks of the sender it gets; the sender must be allowed to reach loopback receivers. */
export interface WebhookSenderSettings {
  /** Whole-request deadline in ms. */
  timeoutMs: number;
  /** Response body bytes read at most. */
  maxResponseBytes: number;
}

/** What a sender supports beyond the port's minimum; the contract runs the cases it claims. */
export interface WebhookSenderCapabilities {
  /** `send(request, signal)` stops and resolves with a failed attempt when the signal aborts. */
  abortSignal: boolean;
}

/** What the adapter's test hands the contract: a sender built with `settings`, plus its clean-up. */
export interface WebhookSenderFixture {
  sender: WebhookSender;
  close?(): Promise<void> | void;
}

type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/**
 * The behaviour every WebhookSender must have, against a real HTTP receiver on loopback: exact bytes and
 * headers arrive, non-2xx answers and silence are failed attempts that never throw, redirects are not
 * followed, and an endless response body does not keep the sender reading.
 */
export function webhookSenderContract(
  name: string,
  factory: (settings: WebhookSenderSettings) => Promise<WebhookSenderFixture> | WebhookSenderFixture,
  caps: WebhookSenderCapabilities,
): void {
  describe(`WebhookSender contract: ${name}`, () => {
    let server: Server;
    let base: string;
    const handlers = new Map<string, Handler>();
    const received = new Map<string, Received[]>();
    const fixtures: WebhookSenderFixture[] = [];
    let n = 0;

    beforeAll(async () => {
      server = createServer((req, res) => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks);
          received.set(path, [...(received.get(path) ?? []), { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }]);
          const h = handlers.get(path);
          if (h) h(req, body, res);
          else {
            res.statusCode = 404;
            res.end();
          }
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      for (const f of fixtures) await f.close?.();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    });

    /** A fresh path on the receiver answered by `handler`. */
    const route = (handler: Handler): string => {
      const path = `/hook-${++n}`;
      handlers.set(path, handler);
      return path;
    };
    const sender = async (settings: Partial<WebhookSenderSettings> = {}): Promise<WebhookSender> => {
      const f = await factory({ timeoutMs: 2000, maxResponseBytes: 16 * 1024, ...settings });
      fixtures.push(f);
      return f.sender;
    };
    const post = (s: WebhookSender, path: string, extra: Partial<WebhookRequest> = {}, signal?: AbortSignal): Promise<WebhookResponse> =>
      s.send({ url: base + path, headers: { 'content-type': 'application/json' }, body: '{"action":"release"}', ...extra }, signal);

    it('delivers the exact body bytes and headers as a POST and reports a 2xx answer with its headers', async () => {
      const body = '{"action":"config_change","note":"é ✓ \\u0000","lines":"a\\r\\nb"}\n';
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'appkit-hookshot',
        'x-appkit-event': 'config_change',
        'x-appkit-delivery': 'f3c1d7f2-2a7e-4a3b-9d6c-0d7d2c9b1a11',
        'x-appkit-signature': 'sha1=0123456789abcdef0123456789abcdef01234567',
      };
      const path = route((_q, _b, res) => {
        res.statusCode = 202;
        res.setHeader('X-Receiver', 'yes');
        res.end('accepted');
      });
      const r = await post(await sender(), `${path}?token=abc`, { headers, body });
      expect(r).toMatchObject({ ok: true, code: 202, headers: { 'x-receiver': 'yes' } });
      const [got] = received.get(path)!;
      expect(got!.method).toBe('POST');
      expect(got!.url).toBe(`${path}?token=abc`);
      expect(got!.body.equals(Buffer.from(body, 'utf8'))).toBe(true);
      for (const [k, v] of Object.entries(headers)) expect(got!.headers[k]).toBe(v);
      expect(got!.headers['content-length']).toBe(String(Buffer.byteLength(body, 'utf8')));
    });

    it('reports a 500 as a failed attempt with its status', async () => {
      const path = route((_q, _b, res) => {
        res.statusCode = 500;
        res.end('boom');
      });
      const r = await post(await sender(), path);
      expect(r).toMatchObject({ ok: false, code: 500, retry: true, error: expect.any(String) });
    });

    it('reports a receiver that never answers as a failed attempt without a status', async () => {
      const path = route(() => {
        /* never answers */
      });
      const r = await post(await sender({ timeoutMs: 300 }), path);
      expect(r).toMatchObject({ ok: false, code: null, retry: true, error: expect.any(String) });
    });

    it('reports a receiver that stalls after its headers as a failed attempt', async () => {
      const path = route((_q, _b, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('partial');
      });
      const r = await post(await sender({ timeoutMs: 300 }), path);
      expect(r).toMatchObject({ ok: false, retry: true });
    });

    it('does not follow redirects', async () => {
      const target = route((_q, _b, res) => res.end('followed'));
      const path = route((_q, _b, res) => {
        res.statusCode = 307;
        res.setHeader('location', base + target);
        res.end();
      });
      const r = await post(await sender(), path);
      expect(r).toMatchObject({ ok: false, code: 307 });
      expect(received.get(target)).toBeUndefined();
    });

    it('stops reading an endless response body at its cap and still reports the status', async () => {
      let closed!: () => void;
      const receiverClosed = new Promise<void>((r) => (closed = r));
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const path = route((_q, _b, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.on('close', () => closed());
        // Writes for as long as the client keeps reading: a sender without a cap would read until its deadline.
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
      });
      const r = await post(await sender({ timeoutMs: 20_000, maxResponseBytes: 8 * 1024 }), path);
      expect(r).toMatchObject({ ok: true, code: 200 });
      await receiverClosed;
    });

    it('reports a refused connection as a failed attempt and never throws for a bad URL', async () => {
      const closedPort = await new Promise<number>((resolve) => {
        const s = createServer();
        s.listen(0, '127.0.0.1', () => {
          const port = (s.address() as AddressInfo).port;
          s.close(() => resolve(port));
        });
      });
      const s = await sender();
      expect(await s.send({ url: `http://127.0.0.1:${closedPort}/hook`, headers: {}, body: '{}' })).toMatchObject({ ok: false, code: null, retry: true });
      expect(await s.send({ url: 'not a url', headers: {}, body: '{}' })).toMatchObject({ ok: false, retry: false });
    });

    if (caps.abortSignal) {
      it('gives up when the caller aborts', async () => {
        const path = route(() => {
          /* never answers */
        });
        const ac = new AbortController();
        const pending = post(await sender({ timeoutMs: 20_000 }), path, {}, ac.signal);
        setTimeout(() => ac.abort(), 100);
        expect(await pending).toMatchObject({ ok: false, code: null });
      });
    }
  });
}
