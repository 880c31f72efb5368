import type { ConnectionOptions } from 'node:tls';
import type { AddressPolicy } from '@slipway/core';
import type { Agent, buildConnector } from 'undici';
import { toGuard, type GuardOptions } from './guard.js';
import { assertHostAllowed, guardedLookup } from './guarded-lookup.js';
import { undici } from './undici.js';

/** TLS and socket options of every connection a guarded dispatcher makes; `lookup` is always the guard's. */
export type GuardedConnectOptions = Omit<ConnectionOptions, 'lookup' | 'host' | 'port' | 'socket' | 'path'> & {
  /** Connect timeout in ms (undici's default is 10 s). */
  timeout?: number;
  /** TLS sessions cached per origin. */
  maxCachedSessions?: number;
};

/** Options of the guarded undici dispatcher. */
export interface GuardedDispatcherOptions extends GuardOptions {
  /** TLS and socket options for every connection (e.g. `ca` to trust a private CA). */
  connect?: GuardedConnectOptions;
  /** Other undici Agent options (connections, keepAliveTimeout, headersTimeout ...). */
  agent?: Omit<Agent.Options, 'connect'>;
}

/** An undici Agent made by `createGuardedDispatcher`, carrying the policy its connector enforces. */
export type GuardedAgent = Agent & { readonly policy: AddressPolicy };

/**
 * An undici `Agent` (a dispatcher for `fetch`/`request` of undici) whose connector checks the address policy:
 * literal hosts before connecting, names through the guarded lookup in `connect.lookup`. Refusals surface as a
 * connect error whose `cause` chain holds a RefusedAddressError (see `refusalOf`).
 */
export function createGuardedDispatcher(options: GuardedDispatcherOptions = {}): GuardedAgent {
  const guard = toGuard(options);
  const connector = undici().buildConnector({ ...options.connect, lookup: guardedLookup(guard.policy, guard.resolve) } as buildConnector.BuildOptions);
  const agent = new (undici().Agent)({
    ...options.agent,
    connect: (opts, callback) => {
      try {
        assertHostAllowed(guard.policy, opts.hostname);
      } catch (err) {
        callback(err as Error, null);
        return;
      }
      connector(opts, callback);
    },
  });
  return Object.assign(agent, { policy: guard.policy });
}
