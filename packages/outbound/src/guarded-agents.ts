import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { toGuard, type Guard, type GuardOptions } from './guard.js';
import { assertHostAllowed, guardedLookup } from './guarded-lookup.js';

type CreateConnection = (options: http.ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void) => Duplex | null | undefined;

/**
 * Wraps an agent's connection factory: address literals are checked (node skips `lookup` for them) and every
 * name goes through the guarded lookup, whatever `lookup` a request passed in its own options.
 */
function guardConnections(guard: Guard, create: CreateConnection): CreateConnection {
  const lookup = guardedLookup(guard.policy, guard.resolve);
  return (options, callback) => {
    try {
      assertHostAllowed(guard.policy, String(options.host ?? options.hostname ?? 'localhost'));
    } catch (err) {
      // Handing the error to the callback makes the request emit it, as a connect failure would.
      process.nextTick(() => callback?.(err as Error, undefined as unknown as Duplex));
      return undefined;
    }
    return create({ ...options, lookup } as http.ClientRequestArgs, callback);
  };
}

/** An `http.Agent` whose every connection is checked against the address policy at connect time. */
export class GuardedHttpAgent extends http.Agent {
  constructor(guard: GuardOptions = {}, options: http.AgentOptions = {}) {
    super(options);
    const create = guardConnections(toGuard(guard), super.createConnection.bind(this) as CreateConnection);
    this.createConnection = create as http.Agent['createConnection'];
  }
}

/** An `https.Agent` whose every connection is checked against the address policy at connect time. */
export class GuardedHttpsAgent extends https.Agent {
  constructor(guard: GuardOptions = {}, options: https.AgentOptions = {}) {
    super(options);
    const create = guardConnections(toGuard(guard), super.createConnection.bind(this) as CreateConnection);
    this.createConnection = create as https.Agent['createConnection'];
  }
}

/** Both guarded agents for one client (keep-alive by default), and a way to close their idle sockets. */
export function createGuardedAgents(guard: GuardOptions = {}, options: https.AgentOptions = { keepAlive: true }): { http: GuardedHttpAgent; https: GuardedHttpsAgent; destroy(): void } {
  const agents = { http: new GuardedHttpAgent(guard, options), https: new GuardedHttpsAgent(guard, options) };
  return { ...agents, destroy: () => (agents.http.destroy(), agents.https.destroy()) };
}
