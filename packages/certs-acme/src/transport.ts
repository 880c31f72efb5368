import { AsyncLocalStorage } from 'node:async_hooks';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** The response shape acme-client reads from its HTTP layer (it was axios's). */
export interface AcmeHttpResponse {
  status: number;
  headers: Record<string, string>;
  data: unknown;
}

/** An ACME problem document the CA answered with (RFC 8555 section 6.7), as the last one seen in a call. */
export interface AcmeProblem {
  status: number;
  type?: string;
  detail?: string;
}

/** No answer at all: the CA is down, unreachable, or slower than `timeoutMs`. */
export class AcmeTransportError extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
    this.name = 'AcmeTransportError';
  }
}

// Responses are small JSON documents and PEM chains; a cap keeps a misbehaving server from filling memory.
const MAX_BODY_BYTES = 1 << 20;

const calls = new AsyncLocalStorage<{ problem?: AcmeProblem }>();

/** Runs `fn` with its own problem slot, so concurrent orders on one client never see each other's errors. */
export function tracking<T>(fn: () => Promise<T>): Promise<T> {
  return calls.run({}, fn);
}

/** The last error response inside the current `tracking` call. */
export function lastProblem(): AcmeProblem | undefined {
  return calls.getStore()?.problem;
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Options of the HTTP layer handed to acme-client. */
export interface TransportOptions {
  /** PEM the directory's TLS certificate must chain to; the system roots when absent. */
  ca?: string;
  /** Per-request deadline. */
  timeoutMs: number;
}

/**
 * The HTTP function acme-client's HttpClient calls for every request. It replaces acme-client's shared axios
 * instance because that one is process-global (trust and timeouts would leak between issuers) and retries
 * network errors for over a minute inside one call, where a durable job should instead fail fast and retry later.
 */
export function acmeTransport(options: TransportOptions) {
  return (url: string, method: string, opts: { data?: unknown; headers?: Record<string, string> } = {}): Promise<AcmeHttpResponse> =>
    new Promise((resolve, reject) => {
      const u = new URL(url);
      const body = opts.data === undefined ? undefined : Buffer.from(JSON.stringify(opts.data));
      // What acme-client's own `request` sets before calling axios: every ACME POST body is a JWS.
      const headers: Record<string, string | number> = { ...(opts.headers ?? {}), 'Content-Type': 'application/jose+json', 'User-Agent': 'slipway-certs-acme' };
      if (body) headers['Content-Length'] = body.length;
      const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
      // The slot describes the latest response only: an old problem must not label a later, different failure.
      const slot = calls.getStore();
      if (slot) delete slot.problem;
      const req = send(u, { method: method.toUpperCase(), headers, ...(options.ca ? { ca: options.ca } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY_BYTES) req.destroy(new AcmeTransportError(`ACME response from ${u.origin} exceeds ${MAX_BODY_BYTES} bytes`, false));
          else chunks.push(c);
        });
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          const type = String(res.headers['content-type'] ?? '');
          let data: unknown = text;
          if (/json/.test(type) && text !== '') {
            try {
              data = JSON.parse(text);
            } catch {
              data = text;
            }
          }
          const status = res.statusCode ?? 0;
          if (status >= 400) {
            const doc = (typeof data === 'object' && data !== null ? data : {}) as { type?: string; detail?: string };
            // badNonce is retried by acme-client itself; recording it would mislabel the call that then succeeds.
            if (slot && doc.type !== 'urn:ietf:params:acme:error:badNonce') slot.problem = { status, type: doc.type, detail: doc.detail };
          }
          resolve({ status, headers: flatten(res.headers), data });
        });
        res.on('error', reject);
      });
      const timer = setTimeout(() => req.destroy(new AcmeTransportError(`ACME CA at ${u.origin} did not answer within ${options.timeoutMs} ms`, true)), options.timeoutMs);
      req.on('error', (err) => {
        clearTimeout(timer);
        if (err instanceof AcmeTransportError) return reject(err);
        const code = (err as NodeJS.ErrnoException).code ?? err.message;
        const tls = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code);
        reject(new AcmeTransportError(tls ? `ACME CA at ${u.origin} presents a TLS certificate this issuer does not trust (${code}); set the ca option` : `ACME CA at ${u.origin} is unreachable: ${code}`, false));
      });
      req.end(body);
    });
}
