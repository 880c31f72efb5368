import http from 'node:http';
import https from 'node:https';
import type { AddressPolicy, WebhookRequest, WebhookResponse, WebhookSender } from '@slipway/core';
import { assertHostAllowed, createGuardedAgents, refusalOf, toGuard, type Resolver } from '@slipway/outbound';

/** Options of the HTTP webhook sender. */
export interface HttpWebhookSenderOptions {
  /** Allow loopback, link-local and private receivers (tests, private installs). Default false. */
  allowPrivate?: boolean;
  /** The outbound address policy (e.g. with an operator allow-list); built from `allowPrivate` when absent. */
  policy?: AddressPolicy;
  /** Whole-request deadline in ms (connect + response). Default 10s. */
  timeoutMs?: number;
  /** Response body bytes read at most; the rest is discarded. Default 64 KiB. */
  maxResponseBytes?: number;
  /** Name resolution (node's dns.lookup by default); hosts with their own resolver plug it in here. */
  resolve?: Resolver;
}

/** Lowercased string headers of a response. */
function flatHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]));
}

/** Posts deliveries with node:http(s); never follows redirects (a 3xx is a failed attempt). */
export class HttpWebhookSender implements WebhookSender {
  private readonly policy: AddressPolicy;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly agents: ReturnType<typeof createGuardedAgents>;

  constructor(options: HttpWebhookSenderOptions = {}) {
    const guard = toGuard(options);
    this.policy = guard.policy;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxBytes = options.maxResponseBytes ?? 64 * 1024;
    // Keep-alive agents whose every new connection is checked by the outbound guard (literal hosts, and every
    // address a name resolves to at connect time): receivers get reused connections, rebinding cannot slip past.
    this.agents = createGuardedAgents(guard, { keepAlive: true, maxSockets: 32 });
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agents.destroy();
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
      try {
        // The agents check again at connect time; refusing here spares a doomed request.
        assertHostAllowed(this.policy, url.hostname);
      } catch (err) {
        return resolve({ ok: false, code: null, headers: {}, error: (err as Error).message, retry: false });
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        return resolve({ ok: false, code: null, headers: {}, error: 'url must use http or https', retry: false });
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
        const refusal = refusalOf(err);
        if (refusal) return finish({ ok: false, code: null, headers: {}, error: refusal.message, retry: false });
        finish({ ok: false, code: null, headers: {}, error: err.message, retry: true });
      });
      req.end(body);
    });
  }
}
