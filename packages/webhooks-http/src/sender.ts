import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isRestrictedAddress, type WebhookRequest, type WebhookResponse, type WebhookSender } from '@slipway/core';

/** Options of the HTTP webhook sender. */
export interface HttpWebhookSenderOptions {
  /** Allow loopback, link-local and private receivers (tests, private installs). Default false. */
  allowPrivate?: boolean;
  /** Whole-request deadline in ms (connect + response). Default 10s. */
  timeoutMs?: number;
  /** Response body bytes read at most; the rest is discarded. Default 64 KiB. */
  maxResponseBytes?: number;
  /** Name resolution (node's dns.lookup by default); hosts with their own resolver plug it in here. */
  resolve?: typeof dnsLookup;
}

/** Error raised by the guarded DNS lookup, so the sender can tell it from network failures. */
class RestrictedAddressError extends Error {}

/** A DNS lookup that refuses restricted addresses: checked at connect time, so rebinding cannot slip past. */
function guardedLookup(allowPrivate: boolean, resolve: typeof dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return (callback as (e: Error | null, a: LookupAddress[]) => void)(err, []);
      const list = addresses as LookupAddress[];
      const refused = !allowPrivate && list.some((a) => isRestrictedAddress(a.address));
      if (refused) return (callback as (e: Error | null, a: LookupAddress[]) => void)(new RestrictedAddressError(`${hostname} resolves to a restricted address`), []);
      if ((options as { all?: boolean }).all) return (callback as (e: Error | null, a: LookupAddress[]) => void)(null, list);
      const first = list[0]!;
      (callback as (e: Error | null, a: string, f: number) => void)(null, first.address, first.family);
    });
  };
}

/** Lowercased string headers of a response. */
function flatHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]));
}

/** Posts deliveries with node:http(s); never follows redirects (a 3xx is a failed attempt). */
export class HttpWebhookSender implements WebhookSender {
  private readonly allowPrivate: boolean;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly resolve: typeof dnsLookup;
  private readonly agents: { http: http.Agent; https: https.Agent };

  constructor(options: HttpWebhookSenderOptions = {}) {
    this.allowPrivate = options.allowPrivate ?? false;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxBytes = options.maxResponseBytes ?? 64 * 1024;
    this.resolve = options.resolve ?? dnsLookup;
    // Keep-alive agents whose every new connection goes through the guarded lookup: receivers get
    // reused connections, and a hostname still cannot resolve to a restricted address.
    const lookup = guardedLookup(this.allowPrivate, this.resolve);
    this.agents = {
      http: new http.Agent({ keepAlive: true, maxSockets: 32, lookup } as http.AgentOptions),
      https: new https.Agent({ keepAlive: true, maxSockets: 32, lookup } as https.AgentOptions),
    };
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /** Sends one delivery; resolves with the outcome, never rejects for receiver problems. */
  send(request: WebhookRequest, signal?: AbortSignal): Promise<WebhookResponse> {
    return new Promise((resolve) => {
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        return resolve({ ok: false, code: null, headers: {}, error: 'invalid url', retry: false });
      }
      const host = url.hostname.replace(/^\[|\]$/g, '');
      if (!this.allowPrivate && (isRestrictedAddress(host) || host === 'localhost' || host.endsWith('.localhost'))) {
        return resolve({ ok: false, code: null, headers: {}, error: 'refused: restricted address', retry: false });
      }
      const secure = url.protocol === 'https:';
      const lib = secure ? https : http;
      const body = Buffer.from(request.body, 'utf8');
      let settled = false;
      const finish = (r: WebhookResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      const req = lib.request(url, {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(body.length) },
        agent: secure ? this.agents.https : this.agents.http,
        ...(signal ? { signal } : {}),
      });
      const timer = setTimeout(() => {
        req.destroy();
        finish({ ok: false, code: null, headers: {}, error: `timed out after ${this.timeoutMs} ms`, retry: true });
      }, this.timeoutMs);
      req.on('response', (res) => {
        const code = res.statusCode ?? 0;
        const headers = flatHeaders(res.headers);
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > this.maxBytes) res.destroy();
        });
        const done = () => {
          if (code >= 200 && code < 300) finish({ ok: true, code, headers });
          else if (code >= 300 && code < 400) finish({ ok: false, code, headers, error: 'redirects are not followed', retry: false });
          else finish({ ok: false, code, headers, error: `receiver answered ${code}`, retry: true });
        };
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      });
      req.on('error', (err) => {
        if (err instanceof RestrictedAddressError) return finish({ ok: false, code: null, headers: {}, error: `refused: ${err.message}`, retry: false });
        finish({ ok: false, code: null, headers: {}, error: err.message, retry: true });
      });
      req.end(body);
    });
  }
}
