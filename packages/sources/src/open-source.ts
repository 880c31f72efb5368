import { Readable } from 'node:stream';
import { BadSourceError, redactUrl, type SourceFormat } from '@slipway/core';
import { guardedFetch, type GuardedDispatcherOptions, type GuardOptions } from '@slipway/outbound';
import { checkedBytes, parseChecksum } from './checked-bytes.js';
import { decodeDataUrl } from './data-url.js';
import { toDomainError } from './errors.js';
import { SNIFF_BYTES, sniffFormat } from './sniff.js';

/** Options of `openSource`. */
export interface OpenSourceOptions extends GuardOptions {
  /** Largest archive accepted, in bytes: the stream fails as soon as it passes this (and before, on Content-Length). */
  maxBytes: number;
  /** `sha256:<64 hex>`, verified when the stream ends; a mismatch is the stream's error. */
  checksum?: string;
  /** Cancels the download. */
  signal?: AbortSignal;
  /** TLS options for https sources (e.g. `ca` to trust a private CA). */
  connect?: GuardedDispatcherOptions['connect'];
  /** Deadline until the response headers, in ms; default 30 s. */
  timeoutMs?: number;
  /** Longest silence between two body chunks, in ms; default 60 s. */
  bodyTimeoutMs?: number;
  /** Redirects followed (each hop re-checked by the address policy); default 5. */
  maxRedirects?: number;
}

/** An archive being read: its sniffed format and its checked bytes. */
export interface OpenedSource {
  format: SourceFormat;
  /** Size-capped and checksummed as it flows; trust the bytes only once it ended without an error. */
  stream: Readable;
}

/** The response body of an http(s) source, through the outbound guard; userinfo becomes a Basic header. */
async function download(url: URL, shown: string, options: OpenSourceOptions): Promise<AsyncIterable<Uint8Array>> {
  const target = new URL(url);
  const headers: Record<string, string> = {};
  // The policy refuses URLs with credentials; a source URL may carry them, so they move into a header (and out of messages).
  if (target.username || target.password) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString('base64')}`;
    target.username = '';
    target.password = '';
  }
  const { maxBytes, checksum: _checksum, signal, connect, timeoutMs, bodyTimeoutMs, maxRedirects, ...guard } = options;
  try {
    const res = await guardedFetch(target, {
      ...guard,
      headers,
      maxBytes,
      maxRedirects: maxRedirects ?? 5,
      timeoutMs: timeoutMs ?? 30_000,
      bodyTimeoutMs: bodyTimeoutMs ?? 60_000,
      ...(signal ? { signal } : {}),
      ...(connect ? { connect } : {}),
    });
    if (res.status < 200 || res.status > 299) {
      res.body.destroy();
      throw new BadSourceError(`could not fetch source from ${shown}: HTTP ${res.status}`, 'url');
    }
    return res.body;
  } catch (err) {
    throw toDomainError(err, shown, maxBytes);
  }
}

/**
 * Opens a build source for streaming: `https:`/`http:` through the outbound address policy (checked at connect
 * time, redirects re-checked hop by hop) or a `data:` URI. Resolves once the first bytes tell the format
 * (tar, tar.gz or zip); fails with a BadSourceError for anything else. The returned stream enforces `maxBytes`
 * while it flows and verifies `checksum` at its end.
 */
export async function openSource(url: string, options: OpenSourceOptions): Promise<OpenedSource> {
  const sha256 = options.checksum === undefined ? undefined : parseChecksum(options.checksum);
  let raw: AsyncIterable<Uint8Array>;
  let shown: string;
  if (url.startsWith('data:')) {
    shown = 'data: URI';
    const bytes = decodeDataUrl(url, options.maxBytes);
    raw = (async function* () {
      yield bytes;
    })();
  } else {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new BadSourceError('source URL is not a valid URL', 'url');
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new BadSourceError(`source URL scheme ${parsed.protocol} is not supported (use https:, http: or data:)`, 'url');
    }
    shown = redactUrl(parsed);
    raw = await download(parsed, shown, options);
  }
  const checked = checkedBytes(raw, { maxBytes: options.maxBytes, ...(sha256 ? { sha256 } : {}), shown, mapError: (err) => toDomainError(err, shown, options.maxBytes) });
  // Read just enough to sniff the format, then hand on those bytes followed by the rest, unbuffered.
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < SNIFF_BYTES) {
    const next = await checked.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.byteLength;
  }
  const first = Buffer.concat(head);
  const format = sniffFormat(first);
  if (!format) {
    await checked.return(undefined);
    throw new BadSourceError(`source at ${shown} is not an archive (expected tar.gz, tar or zip)`, 'url');
  }
  async function* rest(): AsyncGenerator<Uint8Array> {
    try {
      if (first.byteLength) yield first;
      if (ended) return;
      for (;;) {
        const next = await checked.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      // A consumer that stops early (an unpack failure) releases the download.
      await checked.return(undefined);
    }
  }
  return { format, stream: Readable.from(rest(), { objectMode: false }) };
}
