import net from 'node:net';
import tls from 'node:tls';
import { toGuard, type GuardOptions } from './guard.js';
import { assertHostAllowed, guardedLookup } from './guarded-lookup.js';

/** Where a guarded socket connects: TCP, or TLS when `tls` is given (log drains, syslog). */
export interface GuardedSocketOptions extends GuardOptions {
  host: string;
  port: number;
  /** TLS options (ca, servername ...); plain TCP when absent. `host` and `port` above win. */
  tls?: tls.ConnectionOptions;
}

/**
 * Opens a net or tls socket under the address policy: a refused literal throws a RefusedAddressError at once,
 * and a name is resolved by the guarded lookup, so the socket emits one as `error` if DNS answers a refused address.
 */
export function connectGuarded(options: GuardedSocketOptions): net.Socket | tls.TLSSocket {
  const guard = toGuard(options);
  assertHostAllowed(guard.policy, options.host);
  const lookup = guardedLookup(guard.policy, guard.resolve);
  if (options.tls) {
    const servername = options.tls.servername ?? (net.isIP(options.host) ? undefined : options.host);
    return tls.connect({ ...options.tls, host: options.host, port: options.port, lookup, ...(servername ? { servername } : {}) });
  }
  return net.connect({ host: options.host, port: options.port, lookup });
}
