import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** What the router knows about the client connection a request came in on. */
export interface ClientConnection {
  remoteAddress: string | undefined;
  /** `https` when it arrived on the TLS listener. */
  proto: 'http' | 'https';
  /** Port of the router listener it arrived on. */
  localPort: number | undefined;
}

// Ids from upstream proxies are kept when they look like ids; anything else could smuggle text into app logs.
const REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,200}$/;

/** The request id to pass on: the incoming `X-Request-Id` when it is well formed, else a new UUID. */
export function requestId(headers: IncomingHttpHeaders): string {
  const incoming = headers['x-request-id'];
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value && REQUEST_ID.test(value) ? value : randomUUID();
}

/**
 * Sets `X-Forwarded-For/-Proto/-Host/-Port` and `X-Request-Id` on `headers` (in place, before proxying). Unless
 * `trustIncoming`, client-sent `X-Forwarded-*` values are replaced, since at the edge they are whatever the client
 * claims.
 */
export function setForwardedHeaders(headers: IncomingHttpHeaders, conn: ClientConnection, id: string, trustIncoming: boolean): void {
  const client = (conn.remoteAddress ?? '').replace(/^::ffff:/, '');
  const prior = trustIncoming ? headers['x-forwarded-for'] : undefined;
  headers['x-forwarded-for'] = prior ? `${Array.isArray(prior) ? prior.join(', ') : prior}, ${client}` : client;
  if (!trustIncoming || !headers['x-forwarded-proto']) headers['x-forwarded-proto'] = conn.proto;
  if (!trustIncoming || !headers['x-forwarded-host']) headers['x-forwarded-host'] = headers.host ?? '';
  if (!trustIncoming || !headers['x-forwarded-port']) headers['x-forwarded-port'] = String(conn.localPort ?? '');
  headers['x-request-id'] = id;
}
