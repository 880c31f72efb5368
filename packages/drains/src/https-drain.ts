import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import tls from 'node:tls';
import type { DrainLogEntry, DrainUrl } from '@slipway/core';
import { BufferedDrain, type DrainSettings } from './buffered-drain.js';
import type { DrainTlsOptions } from './options.js';
import { resolveAddress } from './resolve-address.js';
import { formatSyslog, octetFrame } from './rfc5424.js';

/** What an HTTPS drain needs beyond the shared settings. */
export interface HttpsDrainSettings extends DrainSettings {
  lookup: LookupFunction;
  tls: DrainTlsOptions;
  agents: { http: http.Agent; https: https.Agent };
  token: string | undefined;
  maxLineBytes: number;
  batchLines: number;
  batchBytes: number;
  flushIntervalMs: number;
  requestTimeoutMs: number;
}

interface Batch {
  frames: Buffer[];
  /** Kept across retries, so a receiver can drop a batch it already stored (what Logplex-Frame-Id is for). */
  id: string;
}

/** Outcome of one POST. */
type Outcome = 'delivered' | 'retry' | 'refused';

/** User-Agent of drain requests. */
const USER_AGENT = 'slipway-drains/0.1.0';

/**
 * Logplex-style HTTPS drain: batches of octet-counted syslog frames POSTed as `application/logplex-1`, one
 * request in flight per drain, batched by count, bytes and time. 5xx, 408, 429, timeouts and connect errors retry
 * the same batch (same Frame-Id) with backoff; other answers drop it. Redirects are not followed.
 */
export class HttpsDrain extends BufferedDrain {
  private batch: Batch | null = null;
  private timer: NodeJS.Timeout | null = null;
  private request: http.ClientRequest | null = null;

  constructor(target: DrainUrl, private readonly settings: HttpsDrainSettings) {
    super(target, settings);
  }

  protected encode(entry: DrainLogEntry): Buffer {
    return octetFrame(formatSyslog(entry, this.settings.maxLineBytes));
  }

  protected inFlight(): number {
    return this.batch ? this.batch.frames.length : 0;
  }

  protected pump(): void {
    if (this.batch || this.closed || this.buffer.length === 0) return this.settled();
    const full = this.buffer.length >= this.settings.batchLines || this.buffer.bytes >= this.settings.batchBytes;
    if (!full && !this.flushing) {
      // Wait for the batch window; a timer is already armed when one is pending.
      this.timer ??= setTimeout(() => {
        this.timer = null;
        this.sendNext();
      }, this.settings.flushIntervalMs);
      return;
    }
    this.sendNext();
  }

  protected teardown(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.request?.destroy();
    this.request = null;
  }

  private sendNext(): void {
    if (this.batch || this.closed || this.buffer.length === 0) return this.settled();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const frames: Buffer[] = [];
    let bytes = 0;
    while (this.buffer.length > 0 && frames.length < this.settings.batchLines) {
      const next = this.buffer.peek()!;
      if (frames.length > 0 && bytes + next.length > this.settings.batchBytes) break;
      const frame = this.take()!;
      frames.push(frame);
      bytes += frame.length;
    }
    this.batch = { frames, id: randomUUID() };
    this.attempt(this.batch);
  }

  private attempt(batch: Batch): void {
    this.post(batch).then((outcome) => {
      if (this.closed || this.batch !== batch) return;
      if (outcome === 'retry') {
        this.timer = setTimeout(() => {
          this.timer = null;
          if (!this.closed && this.batch === batch) this.attempt(batch);
        }, this.backoff.next());
        return;
      }
      if (outcome === 'delivered') {
        this.sent += batch.frames.length;
        this.lastError = null;
        this.backoff.reset();
      } else {
        this.noteDropped(batch.frames.length);
      }
      this.batch = null;
      this.pump();
    });
  }

  private async post(batch: Batch): Promise<Outcome> {
    const { host, port, path, protocol, username, password } = this.target;
    let address: string;
    try {
      ({ address } = await resolveAddress(this.settings.lookup, host));
    } catch (err) {
      this.connected = false;
      this.fail(err);
      return 'retry';
    }
    if (this.closed) return 'retry';
    const body = Buffer.concat(batch.frames);
    const headers: http.OutgoingHttpHeaders = {
      host: port === (protocol === 'https' ? 443 : 80) ? hostHeader(host) : `${hostHeader(host)}:${port}`,
      'content-type': 'application/logplex-1',
      'content-length': body.length,
      'logplex-msg-count': batch.frames.length,
      'logplex-frame-id': batch.id,
      'user-agent': USER_AGENT,
    };
    if (this.settings.token) headers['logplex-drain-token'] = this.settings.token;
    if (username !== undefined) headers.authorization = `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`;
    const t = this.settings.tls;
    const options: https.RequestOptions = {
      host: address,
      port,
      path,
      method: 'POST',
      headers,
      agent: protocol === 'https' ? this.settings.agents.https : this.settings.agents.http,
    };
    if (protocol === 'https') {
      Object.assign(options, {
        servername: isIP(host) ? undefined : host,
        checkServerIdentity: (_name: string, cert: tls.PeerCertificate) => tls.checkServerIdentity(host, cert),
        ca: t.ca,
        cert: t.cert,
        key: t.key,
        rejectUnauthorized: t.rejectUnauthorized ?? true,
      });
    }
    return new Promise<Outcome>((resolve) => {
      const send = protocol === 'https' ? https.request : http.request;
      const req = send(options, (res) => {
        clearTimeout(deadline);
        // Only the status matters; read the body away so the keep-alive connection can be reused.
        res.resume();
        this.connected = true;
        this.request = null;
        const code = res.statusCode ?? 0;
        if (code >= 200 && code < 300) return resolve('delivered');
        this.lastError = `log drain ${this.url}: receiver answered ${code}`;
        resolve(code >= 500 || code === 408 || code === 429 ? 'retry' : 'refused');
      });
      this.request = req;
      const deadline = setTimeout(() => req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })), this.settings.requestTimeoutMs);
      req.on('error', (err) => {
        clearTimeout(deadline);
        this.request = null;
        this.connected = false;
        this.fail(err);
        resolve('retry');
      });
      req.end(body);
    });
  }
}

function hostHeader(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}
