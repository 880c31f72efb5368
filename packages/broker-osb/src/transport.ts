import { randomUUID } from 'node:crypto';
import type { BrokerCaller } from '@slipway/core';
import type { ResolvedOsbBrokerOptions } from './options.js';

/** An HTTP answer with its body read (bounded) and parsed when it is JSON. */
export interface HttpAnswer {
  kind: 'http';
  status: number;
  headers: Headers;
  /** The parsed JSON body; `{}` for an empty body; undefined when not JSON or too large. */
  json: unknown;
  /** The body was not JSON (or exceeded the size limit). */
  malformed: boolean;
}

/** A request that produced no answer: `unreachable` when it provably never arrived, else `timeout`. */
export interface NoAnswer {
  kind: 'timeout' | 'unreachable';
  /** Technical cause (an error code), safe to show: never contains headers or bodies. */
  detail: string;
}

/** A request to send. */
export interface OsbRequest {
  method: 'GET' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  caller?: BrokerCaller;
}

const NOT_DELIVERED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function causeCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** OSB HTTP client on Node's fetch: the headers OSB requires, a timeout covering the whole exchange, bounded bodies. */
export class OsbTransport {
  private readonly base: URL;
  private readonly authorization: string;

  constructor(private readonly options: ResolvedOsbBrokerOptions) {
    this.base = new URL(options.url);
    this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  }

  /** The broker's base URL (no credentials), for messages. */
  get url(): string {
    return this.base.toString();
  }

  /** Sends one request; never throws for network trouble (returns NoAnswer instead). */
  async send(req: OsbRequest): Promise<HttpAnswer | NoAnswer> {
    const url = new URL(this.base);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}${req.path}`;
    url.search = '';
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);

    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: this.authorization,
      'X-Broker-API-Version': this.options.apiVersion,
      'X-Broker-API-Request-Identity': req.caller?.requestId ?? randomUUID(),
    };
    const user = req.caller?.user;
    if (user) {
      const identity: Record<string, string> = { user_id: user.id };
      if (user.username) identity.username = user.username;
      if (user.email) identity.email = user.email;
      headers['X-Broker-API-Originating-Identity'] = `${this.options.platform} ${Buffer.from(JSON.stringify(identity)).toString('base64')}`;
    }
    if (req.body !== undefined) headers['Content-Type'] = 'application/json';

    const signal = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const res = await fetch(url, {
        method: req.method,
        headers,
        body: req.body === undefined ? null : JSON.stringify(req.body),
        redirect: 'manual',
        signal,
      });
      const text = await this.readBounded(res);
      return { kind: 'http', status: res.status, headers: res.headers, ...parseJson(text) };
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name === 'TimeoutError' || name === 'AbortError' || signal.aborted) {
        return { kind: 'timeout', detail: `no answer within ${this.options.timeoutMs} ms` };
      }
      const code = causeCode(err) ?? 'network error';
      return { kind: NOT_DELIVERED.has(code) ? 'unreachable' : 'timeout', detail: code };
    }
  }

  private async readBounded(res: Response): Promise<string | null> {
    if (!res.body) return '';
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > this.options.maxResponseBytes) {
        await reader.cancel().catch(() => undefined);
        return null;
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}

function parseJson(text: string | null): { json: unknown; malformed: boolean } {
  if (text === null) return { json: undefined, malformed: true };
  if (text.trim() === '') return { json: {}, malformed: false };
  try {
    return { json: JSON.parse(text), malformed: false };
  } catch {
    return { json: undefined, malformed: true };
  }
}
