import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { AddressPolicy } from '@slipway/core';
import { RefusedAddressError } from './errors.js';

/** Name resolution as the guard calls it: always every address. Hosts with their own resolver plug one in. */
export type Resolver = (
  hostname: string,
  options: { all: true; family?: number; hints?: number },
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** node's `dns.lookup` (getaddrinfo: /etc/hosts, then DNS), asking for every address. */
export const systemResolver: Resolver = (hostname, options, callback) => dnsLookup(hostname, options, callback);

/**
 * Refuses a host that is a refused address literal or a localhost name, before any connection is made.
 * node skips `lookup` for IP literals, so every connect path calls this first. Names pass (the lookup checks them).
 */
export function assertHostAllowed(policy: AddressPolicy, host: string): void {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const verdict = policy.checkHost(bare);
  if (verdict && !verdict.allowed) throw new RefusedAddressError(host, verdict.address, verdict.reason, true);
}

/**
 * A `lookup` for node:http(s) agents, net/tls sockets and undici connectors that checks EVERY address a name
 * resolves to at connect time: the address connected to is the address checked, so a DNS answer that changes
 * between validation and connection (rebinding) cannot slip past. One refused address refuses the whole answer.
 */
export function guardedLookup(policy: AddressPolicy, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    const reply = callback as (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
    try {
      // Localhost names, and literals net did not recognise as such (`127.1`), are refused before resolving.
      assertHostAllowed(policy, hostname);
    } catch (err) {
      return process.nextTick(reply, err as Error, []);
    }
    const hints = { all: true as const, ...(options.family ? { family: Number(options.family) } : {}), ...(options.hints ? { hints: options.hints } : {}) };
    resolve(hostname, hints, (err, addresses) => {
      if (err) return reply(err, []);
      if (!addresses.length) return reply(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      for (const a of addresses) {
        const verdict = policy.check(a.address);
        if (!verdict.allowed) return reply(new RefusedAddressError(hostname, verdict.address, verdict.reason), []);
      }
      if (options.all) return reply(null, addresses);
      reply(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
