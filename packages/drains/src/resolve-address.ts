import { isIP, type LookupFunction } from 'node:net';

/** An address to connect to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Resolves `host` through the injected lookup, IP literals included: node's net skips `lookup` for literals, and
 * the address policy must see every address a drain connects to.
 */
export function resolveAddress(lookup: LookupFunction, host: string): Promise<ResolvedAddress> {
  return new Promise((resolve, reject) => {
    lookup(host, { family: 0 }, (err, address, family) => {
      if (err) return reject(err);
      const first = Array.isArray(address) ? address[0] : { address, family };
      if (!first || typeof first.address !== 'string' || !isIP(first.address)) return reject(new Error(`no address for ${host}`));
      resolve({ address: first.address, family: (first.family ?? isIP(first.address)) === 6 ? 6 : 4 });
    });
  });
}
