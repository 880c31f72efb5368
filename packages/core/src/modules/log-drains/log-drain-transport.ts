import type { InjectionToken } from 'tsyringe';

/** Where a drained line came from: `app` for dyno output, or a platform source (`slipway`, `build`, `router` ...). */
export type DrainSource = 'app' | 'slipway' | 'build' | 'router' | (string & {});

/** One log line handed to a drain. */
export interface DrainLogEntry {
  /** When the line was produced. */
  timestamp: Date;
  /** `{app}-{space}`: the app's key (the syslog HOSTNAME). */
  app: string;
  /** Process type, e.g. `web` (the syslog MSGID); empty for platform lines. */
  process_type: string;
  /** Dyno name, e.g. `web.1` (the syslog PROCID); empty for platform lines without one. */
  dyno: string;
  /** The syslog APP-NAME: `app` for dyno output, else the platform part that wrote it. */
  source: DrainSource;
  /** The line itself, without its trailing newline. */
  message: string;
  /** Syslog severity 0 (emergency) .. 7 (debug); default 6 (info). */
  severity?: number;
}

/** Limits of the per-drain buffer that holds lines not yet handed to the receiver. */
export interface DrainBufferLimits {
  /** Lines held at most; on overflow the oldest are dropped. */
  maxLines?: number;
  /** Bytes (of framed lines) held at most; on overflow the oldest are dropped. */
  maxBytes?: number;
}

/** Per-drain options of `LogDrainTransport.open`. */
export interface DrainOpenOptions {
  /** The drain's token (Heroku style `d.<uuid>`); HTTPS drains send it as `Logplex-Drain-Token`. */
  token?: string;
  /** Buffer limits of this drain; the transport has defaults. */
  buffer?: DrainBufferLimits;
}

/** Counters of one drain connection. */
export interface DrainStats {
  /** Lines handed to the receiver: written to the socket (syslog) or acknowledged with a 2xx (HTTPS). */
  sent: number;
  /** Lines dropped: buffer overflow, or an HTTPS batch the receiver refused for good. */
  dropped: number;
  /** Lines waiting (including an HTTPS batch in flight). */
  buffered: number;
  /** Whether a connection to the receiver is up (HTTPS: whether the last request reached it). */
  connected: boolean;
  /** Why the last attempt failed, with credentials masked; null after a success. */
  last_error: string | null;
}

/** One open drain: a bounded, non-blocking pipe of log lines to one receiver. */
export interface DrainConnection {
  /** The drain URL with its secrets masked. */
  readonly url: string;
  /** Queues one line and returns at once; never throws for receiver trouble (overflow drops the oldest lines). */
  write(entry: DrainLogEntry): void;
  /** Counters, for metrics and the drain's status. */
  stats(): DrainStats;
  /** Resolves once every buffered line was handed over; rejects with DriverUnavailableError after `timeoutMs`. */
  flush(timeoutMs?: number): Promise<void>;
  /** Tries to flush for up to `graceMs`, then releases sockets and timers; later writes are dropped. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Opens log drains: syslog (TCP, TLS, UDP) and HTTPS batch receivers. `open` checks the URL (ValidationError on
 * field `url`) and returns at once; connecting, reconnecting with backoff and retries happen in the background.
 */
export interface LogDrainTransport {
  /** Opens a drain to `url` (see `parseDrainUrl` for the accepted forms). */
  open(url: string, options?: DrainOpenOptions): DrainConnection;
}

/** DI token of the LogDrainTransport. */
export const LOG_DRAIN_TRANSPORT: InjectionToken<LogDrainTransport> = Symbol.for('slipway.LogDrainTransport');
