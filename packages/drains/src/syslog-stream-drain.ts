import net, { isIP, type LookupFunction } from 'node:net';
import tls from 'node:tls';
import type { DrainLogEntry, DrainUrl } from '@slipway/core';
import { BufferedDrain, type DrainSettings } from './buffered-drain.js';
import type { DrainTlsOptions } from './options.js';
import { resolveAddress } from './resolve-address.js';
import { formatSyslog, octetFrame } from './rfc5424.js';

/** What a TCP / TLS syslog drain needs beyond the shared settings. */
export interface StreamDrainSettings extends DrainSettings {
  lookup: LookupFunction;
  tls: DrainTlsOptions;
  connectTimeoutMs: number;
  maxLineBytes: number;
}

/**
 * Syslog over TCP or TLS with RFC 6587 octet counting. One connection; when it drops, lines queue in the bounded
 * buffer while it reconnects with jittered backoff. Lines go to the socket only while it accepts them without
 * queueing (write() returns true), so a receiver that stops reading costs one socket buffer, then drops.
 */
export class SyslogStreamDrain extends BufferedDrain {
  private socket: net.Socket | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private writable = false;

  constructor(target: DrainUrl, private readonly settings: StreamDrainSettings) {
    super(target, settings);
    this.connect();
  }

  protected encode(entry: DrainLogEntry): Buffer {
    return octetFrame(formatSyslog(entry, this.settings.maxLineBytes));
  }

  protected inFlight(): number {
    return 0;
  }

  protected override pendingBytes(): number {
    return this.connected && this.socket ? this.socket.writableLength : 0;
  }

  protected pump(): void {
    const socket = this.socket;
    if (!socket || !this.connected) return;
    while (this.writable && this.buffer.length > 0) {
      const frame = this.take()!;
      this.sent++;
      this.writable = socket.write(frame);
    }
    this.settled();
  }

  protected teardown(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.socket?.destroy();
    this.socket = null;
  }

  private connect(): void {
    if (this.closed) return;
    const { host, port, protocol } = this.target;
    resolveAddress(this.settings.lookup, host).then(
      ({ address }) => this.dial(address, port, protocol === 'syslog-tls' ? host : null),
      (err) => {
        this.fail(err);
        this.scheduleReconnect();
      },
    );
  }

  private dial(address: string, port: number, tlsHost: string | null): void {
    if (this.closed) return;
    const t = this.settings.tls;
    const socket = tlsHost
      ? tls.connect({
          host: address,
          port,
          // SNI and the certificate check use the drain's host name, not the address it resolved to.
          servername: isIP(tlsHost) ? undefined : tlsHost,
          checkServerIdentity: (_name, cert) => tls.checkServerIdentity(tlsHost, cert),
          ca: t.ca,
          cert: t.cert,
          key: t.key,
          rejectUnauthorized: t.rejectUnauthorized ?? true,
        })
      : net.connect({ host: address, port });
    this.socket = socket;
    socket.setTimeout(this.settings.connectTimeoutMs, () => socket.destroy(Object.assign(new Error('connect timed out'), { code: 'ETIMEDOUT' })));
    socket.once(tlsHost ? 'secureConnect' : 'connect', () => {
      socket.setTimeout(0);
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 30_000);
      this.connected = true;
      this.writable = true;
      this.lastError = null;
      this.backoff.reset();
      this.pump();
    });
    socket.on('drain', () => {
      this.writable = true;
      this.pump();
    });
    // Receivers send nothing back over syslog; read and discard so a chatty one cannot fill our receive buffer.
    socket.on('data', () => undefined);
    socket.on('end', () => socket.destroy());
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.connected = false;
      this.writable = false;
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, this.backoff.next());
    // A drain waiting to reconnect must not keep the process alive on its own.
    this.reconnectTimer.unref();
  }
}
