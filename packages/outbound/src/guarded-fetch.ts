import { Readable } from 'node:stream';
import { isPlatformError, type AddressPolicy } from '@slipway/core';
import type { Dispatcher } from 'undici';
import { OutboundError, RefusedAddressError, refusalOf } from './errors.js';
import { toGuard, type GuardOptions } from './guard.js';
import { createGuardedDispatcher, type GuardedAgent, type GuardedDispatcherOptions } from './guarded-dispatcher.js';
import { undici } from './undici.js';

/** Options of `guardedFetch`. */
export interface GuardedFetchOptions extends GuardOptions {
  /** HTTP method; default GET. */
  method?: Dispatcher.HttpMethod;
  /** Request headers (lower-case names are safest). */
  headers?: Record<string, string>;
  /** Request body. */
  body?: string | Uint8Array;
  /** Deadline in ms from the call until response headers (connect, TLS, redirects included); default 10 s. */
  timeoutMs?: number;
  /** Longest silence in ms between two body chunks; default 30 s. */
  bodyTimeoutMs?: number;
  /** Response body bytes accepted; more fails the body stream with `too_large`. Default 1 MiB. */
  maxBytes?: number;
  /**
   * Redirects followed, each hop re-checked (scheme, credentials, literal address, and the connect-time lookup).
   * Default 0: a 3xx is returned as it is. Past the limit a further 3xx fails with `redirect`.
   */
  maxRedirects?: number;
  /** URL schemes accepted, with their colon; default http and https. */
  schemes?: readonly string[];
  /** Cancels the call (and the body stream). */
  signal?: AbortSignal;
  /**
   * A guarded dispatcher to reuse (keep-alive across calls); its policy then decides, and the guard options here
   * are ignored. One is made per call and closed after it otherwise.
   */
  dispatcher?: GuardedAgent;
  /** TLS options for the per-call dispatcher (e.g. `ca`); ignored with `dispatcher`. */
  connect?: GuardedDispatcherOptions['connect'];
}

/** The answer of `guardedFetch`: status, headers and a byte-capped body stream. */
export interface GuardedResponse {
  status: number;
  /** Lower-case header names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The URL that answered (after followed redirects). */
  url: URL;
  /** The body, capped at `maxBytes`; consume it or destroy it to free the connection. */
  body: Readable;
  /** Reads the whole (capped) body. */
  bytes(): Promise<Uint8Array>;
  /** Reads the whole (capped) body as UTF-8. */
  text(): Promise<string>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function flatHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : String(v ?? '')]));
}

/** Checks one hop's URL, turning the policy's ValidationError into an OutboundError callers already handle. */
function checkHop(policy: AddressPolicy, raw: string | URL, schemes: readonly string[] | undefined): URL {
  try {
    return policy.checkUrl(String(raw), 'url', schemes ? { schemes } : {});
  } catch (err) {
    if (!isPlatformError(err)) throw err;
    const url = URL.canParse(String(raw)) ? new URL(String(raw)) : null;
    const verdict = url ? policy.checkHost(url.hostname) : null;
    if (url && verdict && !verdict.allowed) throw new RefusedAddressError(url.hostname, verdict.address, verdict.reason, true);
    throw new OutboundError('refused', err.message, false);
  }
}

/** Maps an undici or socket failure to an OutboundError naming the host only (messages may quote the URL). */
function toOutboundError(err: unknown, host: string, timedOut: boolean, signal?: AbortSignal): OutboundError {
  if (err instanceof OutboundError) return err;
  const refusal = refusalOf(err);
  if (refusal) return refusal;
  if (timedOut) return new OutboundError('timeout', `${host} did not answer in time`, true, { cause: err });
  if (signal?.aborted) return new OutboundError('aborted', `call to ${host} was canceled`, false, { cause: err });
  const undiciErrors = undici().errors;
  if (err instanceof undiciErrors.BodyTimeoutError || err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.ConnectTimeoutError) {
    return new OutboundError('timeout', `${host} did not answer in time`, true, { cause: err });
  }
  const code = (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code;
  return new OutboundError('network', `${host}: ${code ?? 'network error'}`, true, { cause: err });
}

/** Yields the body's chunks, failing past `max` bytes; releases the per-call dispatcher when done. */
async function* capped(body: AsyncIterable<Uint8Array>, max: number, host: string, signal: AbortSignal | undefined, release: () => void): AsyncGenerator<Uint8Array> {
  let read = 0;
  try {
    for await (const chunk of body) {
      read += chunk.byteLength;
      if (read > max) throw new OutboundError('too_large', `${host} answered more than ${max} bytes`, false);
      yield chunk;
    }
  } catch (err) {
    throw toOutboundError(err, host, false, signal);
  } finally {
    release();
  }
}

/**
 * Makes one HTTP(S) call on a user's behalf under the address policy: the URL is checked, every connection is
 * checked at connect time (literal hosts and every resolved address), the response body is byte-capped and
 * redirects are not followed unless `maxRedirects` allows, re-checking each hop. Fails with an OutboundError
 * (a RefusedAddressError for refused destinations); a non-2xx status is returned, not thrown.
 */
export async function guardedFetch(url: string | URL, options: GuardedFetchOptions = {}): Promise<GuardedResponse> {
  const guard = options.dispatcher ? { ...toGuard(options), policy: options.dispatcher.policy } : toGuard(options);
  const maxBytes = options.maxBytes ?? 2 ** 20;
  const maxRedirects = options.maxRedirects ?? 0;
  const dispatcher = options.dispatcher ?? createGuardedDispatcher({ ...guard, ...(options.connect ? { connect: options.connect } : {}) });
  const release = options.dispatcher ? () => undefined : () => void dispatcher.close().catch(() => undefined);
  let target = checkHop(guard.policy, url, options.schemes);
  let method: Dispatcher.HttpMethod = options.method ?? 'GET';
  let body = options.body;
  let headers = { ...options.headers };
  const deadline = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    deadline.abort(new OutboundError('timeout', `${target.hostname} did not answer in time`, true));
  }, options.timeoutMs ?? 10_000);
  const signal = options.signal ? AbortSignal.any([deadline.signal, options.signal]) : deadline.signal;
  try {
    for (let hop = 0; ; hop++) {
      let res: Dispatcher.ResponseData;
      try {
        res = await undici().request(target, {
          dispatcher,
          method,
          headers,
          ...(body !== undefined ? { body } : {}),
          signal,
          bodyTimeout: options.bodyTimeoutMs ?? 30_000,
        });
      } catch (err) {
        throw toOutboundError(err, target.hostname, timedOut, options.signal);
      }
      const location = res.headers.location;
      if (REDIRECTS.has(res.statusCode) && typeof location === 'string' && maxRedirects > 0) {
        res.body.resume();
        if (hop >= maxRedirects) throw new OutboundError('redirect', `${target.hostname} redirected more than ${maxRedirects} times`, false);
        const next = checkHop(guard.policy, new URL(location, target), options.schemes);
        // Credentials stay with the origin they were meant for; 303 (and 301/302 after POST) turn into GET.
        if (next.origin !== target.origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !['authorization', 'cookie'].includes(k.toLowerCase())));
        if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
        }
        target = next;
        continue;
      }
      clearTimeout(timer);
      const answered = target;
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (declared > maxBytes) {
        res.body.destroy();
        throw new OutboundError('too_large', `${answered.hostname} answered more than ${maxBytes} bytes`, false);
      }
      const stream = Readable.from(capped(res.body, maxBytes, answered.hostname, options.signal, release), { objectMode: false });
      const bytes = async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        return new Uint8Array(Buffer.concat(chunks));
      };
      return {
        status: res.statusCode,
        headers: flatHeaders(res.headers),
        url: answered,
        body: stream,
        bytes,
        text: async () => Buffer.from(await bytes()).toString('utf8'),
      };
    }
  } catch (err) {
    clearTimeout(timer);
    release();
    throw err;
  }
}
