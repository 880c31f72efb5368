import { lookup as dnsLookup } from 'node:dns';
import { guardedLookup } from '@slipway/outbound';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { parseDrainUrl, type DrainConnection, type DrainOpenOptions, type LogDrainTransport } from '@slipway/core';
import type { DrainSettings } from './buffered-drain.js';
import { HttpsDrain } from './https-drain.js';
import type { DrainTransportOptions } from './options.js';
import { SyslogStreamDrain } from './syslog-stream-drain.js';
import { SyslogUdpDrain } from './syslog-udp-drain.js';

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

/**
 * LogDrainTransport over node:net, node:tls, node:dgram and node:https. Each drain is independent: its own
 * connection, buffer and timers, so a slow receiver never slows the writer or another drain.
 */
export class DrainTransport implements LogDrainTransport {
  private readonly options: DrainTransportOptions;
  private readonly lookup: LookupFunction;
  private readonly agents: { http: http.Agent; https: https.Agent };
  private readonly open_ = new Set<DrainConnection>();

  constructor(options: DrainTransportOptions = {}) {
    this.options = options;
    this.lookup = options.lookup ?? (options.policy ? guardedLookup(options.policy) : (dnsLookup as unknown as LookupFunction));
    // Keep-alive pools shared by the HTTPS drains; one request in flight per drain bounds what each one holds.
    this.agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  }

  open(url: string, options: DrainOpenOptions = {}): DrainConnection {
    const target = parseDrainUrl(url, { allowHttp: this.options.allowHttp ?? false });
    const o = this.options;
    const shared: DrainSettings = {
      buffer: {
        maxLines: positive(options.buffer?.maxLines ?? o.buffer?.maxLines, 1024),
        maxBytes: positive(options.buffer?.maxBytes ?? o.buffer?.maxBytes, 1024 * 1024),
      },
      backoff: o.backoff ?? {},
    };
    const maxLineBytes = positive(o.maxLineBytes, 8192);
    const tls = o.tls ?? {};
    let drain: DrainConnection;
    switch (target.protocol) {
      case 'syslog-tcp':
      case 'syslog-tls':
        drain = new SyslogStreamDrain(target, { ...shared, lookup: this.lookup, tls, maxLineBytes, connectTimeoutMs: positive(o.connectTimeoutMs, 10_000) });
        break;
      case 'syslog-udp':
        drain = new SyslogUdpDrain(target, { ...shared, lookup: this.lookup, maxDatagramBytes: positive(o.maxDatagramBytes, 2048) });
        break;
      case 'https':
      case 'http':
        drain = new HttpsDrain(target, {
          ...shared,
          lookup: this.lookup,
          tls,
          agents: this.agents,
          token: options.token,
          maxLineBytes,
          batchLines: positive(o.https?.maxLines, 500),
          batchBytes: positive(o.https?.maxBytes, 1024 * 1024),
          flushIntervalMs: positive(o.https?.flushIntervalMs, 1000),
          requestTimeoutMs: positive(o.https?.requestTimeoutMs, 10_000),
        });
        break;
    }
    this.open_.add(drain);
    const close = drain.close.bind(drain);
    drain.close = async (graceMs?: number) => {
      this.open_.delete(drain);
      await close(graceMs);
    };
    return drain;
  }

  /** Closes every drain this transport opened (each flushing for up to `graceMs`) and its keep-alive pools. */
  async close(graceMs?: number): Promise<void> {
    await Promise.all([...this.open_].map((d) => d.close(graceMs)));
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

/** Creates the drain transport a host registers under LOG_DRAIN_TRANSPORT. */
export function createDrainTransport(options: DrainTransportOptions = {}): DrainTransport {
  return new DrainTransport(options);
}
