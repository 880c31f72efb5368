import type { LookupFunction } from 'node:net';
import type { AddressPolicy } from '@slipway/core';
import type { SecureContextOptions } from 'node:tls';
import type { BackoffOptions } from './backoff.js';

/** TLS trust for syslog+tls and https drains (defaults: Node's CA store, certificates verified). */
export interface DrainTlsOptions {
  /** Extra trusted CA certificates (PEM), e.g. a test receiver's self-signed certificate. */
  ca?: SecureContextOptions['ca'];
  /** Verify the receiver's certificate and host name. Default true; turning it off is for tests only. */
  rejectUnauthorized?: boolean;
  /** Client certificate (PEM) for receivers that want mutual TLS. */
  cert?: SecureContextOptions['cert'];
  /** Client private key (PEM); never logged. */
  key?: SecureContextOptions['key'];
}

/** Options of a drain transport, shared by every drain it opens. */
export interface DrainTransportOptions {
  /**
   * Name resolution used for every connection, IP literals included, so the host can plug in the outbound address
   * policy's connect-time lookup. Default: the guarded lookup of `policy` when one is given, else node's dns.lookup.
   */
  lookup?: LookupFunction;
  /** The outbound address policy every drain connection is checked against (at connect time, every spelling). */
  policy?: AddressPolicy;
  /** TLS trust for syslog+tls and https drains. */
  tls?: DrainTlsOptions;
  /** Default per-drain buffer: 1 024 lines, 1 MiB. `open(url, { buffer })` overrides it per drain. */
  buffer?: { maxLines?: number; maxBytes?: number };
  /** Reconnect (syslog) and retry (https) backoff. */
  backoff?: BackoffOptions;
  /** TCP / TLS connect deadline in ms. Default 10 000. */
  connectTimeoutMs?: number;
  /** Longest syslog message over TCP, TLS and HTTPS in bytes; longer lines are cut. Default 8 192 (rsyslog's default). */
  maxLineBytes?: number;
  /** Longest UDP datagram in bytes; longer lines are cut. Default 2 048 (what RFC 5426 says receivers should take). */
  maxDatagramBytes?: number;
  /** HTTPS batching and request limits. */
  https?: HttpsBatchOptions;
  /** Accept plain http:// drains (private installs). Default false. */
  allowHttp?: boolean;
}

/** How HTTPS drains batch lines into requests. */
export interface HttpsBatchOptions {
  /** Lines per request at most. Default 500. */
  maxLines?: number;
  /** Body bytes per request at most (a single longer line still goes alone). Default 1 MiB. */
  maxBytes?: number;
  /** How long a partial batch waits for more lines, in ms. Default 1 000. */
  flushIntervalMs?: number;
  /** Deadline of one POST (connect, send, response headers) in ms. Default 10 000. */
  requestTimeoutMs?: number;
}
