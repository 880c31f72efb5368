import dgram from 'node:dgram';
import type { LookupFunction } from 'node:net';
import type { DrainLogEntry, DrainUrl } from '@slipway/core';
import { BufferedDrain, type DrainSettings } from './buffered-drain.js';
import { resolveAddress } from './resolve-address.js';
import { formatSyslog } from './rfc5424.js';

/** What a UDP syslog drain needs beyond the shared settings. */
export interface UdpDrainSettings extends DrainSettings {
  lookup: LookupFunction;
  maxDatagramBytes: number;
}

// Datagrams handed to the kernel and not yet confirmed; bounds what sits in node's send queue.
const MAX_PENDING_SENDS = 64;
// Names are resolved again this often (ms), so a receiver that moves is followed without a restart.
const RESOLVE_EVERY_MS = 5 * 60_000;

/** Syslog over UDP (RFC 5426): one message per datagram, cut to a safe size; lines queue while the name resolves. */
export class SyslogUdpDrain extends BufferedDrain {
  private socket: dgram.Socket | null = null;
  private socketType: 'udp4' | 'udp6' | null = null;
  private address: string | null = null;
  private resolvedAt = 0;
  private resolving = false;
  private pending = 0;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(target: DrainUrl, private readonly settings: UdpDrainSettings) {
    super(target, settings);
    this.resolve();
  }

  protected encode(entry: DrainLogEntry): Buffer {
    return formatSyslog(entry, this.settings.maxDatagramBytes);
  }

  protected inFlight(): number {
    return this.pending;
  }

  protected pump(): void {
    if (this.address && Date.now() - this.resolvedAt > RESOLVE_EVERY_MS) this.resolve();
    const socket = this.socket;
    const address = this.address;
    if (!socket || !address) return;
    while (this.pending < MAX_PENDING_SENDS && this.buffer.length > 0) {
      const datagram = this.take()!;
      this.pending++;
      socket.send(datagram, this.target.port, address, (err) => {
        this.pending--;
        if (err) {
          this.fail(err);
          this.noteDropped(1);
        } else {
          this.sent++;
          this.lastError = null;
        }
        this.pump();
        this.settled();
      });
    }
    this.settled();
  }

  protected teardown(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.socket?.close();
    this.socket = null;
  }

  private resolve(): void {
    if (this.resolving || this.closed) return;
    this.resolving = true;
    resolveAddress(this.settings.lookup, this.target.host).then(
      ({ address, family }) => {
        this.resolving = false;
        if (this.closed) return;
        const type = family === 6 ? 'udp6' : 'udp4';
        if (this.socket && this.socketType !== type) {
          this.socket.close();
          this.socket = null;
        }
        if (!this.socket) {
          const socket = dgram.createSocket(type);
          socket.on('error', (err) => this.fail(err));
          socket.unref();
          this.socket = socket;
          this.socketType = type;
        }
        this.address = address;
        this.resolvedAt = Date.now();
        this.connected = true;
        this.backoff.reset();
        this.pump();
      },
      (err) => {
        this.resolving = false;
        this.fail(err);
        if (this.closed) return;
        // Keep the last good address if there is one; otherwise lines wait in the buffer until a retry works.
        this.connected = this.address !== null;
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.resolve();
        }, this.backoff.next());
        this.retryTimer.unref();
      },
    );
  }
}
