import { ValidationError, type HostRoute, type HostSpec, type RouteTarget } from '@slipway/core';
import type { Backend, BackendPool } from './backend-pool.js';
import { longestPrefixMatch } from './path-routes.js';

/** A path route ready to serve: its target's backends resolved to pooled connections, with a round-robin cursor. */
export interface CompiledRoute {
  path: string;
  target_path: string;
  target: RouteTarget;
  backends: Backend[];
  cursor: { next: number };
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*$/;

/** The host name of a spec, checked; the router compares lowercase names without port. */
export function checkHostName(host: string): string {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  if (!HOST_NAME.test(h)) throw new ValidationError(`invalid host name: ${JSON.stringify(host)}`, 'host');
  return h;
}

function checkRoute(r: HostRoute, i: number): void {
  if (!r.path.startsWith('/')) throw new ValidationError(`route ${i}: path must start with "/"`, 'path');
  if (!r.target_path.startsWith('/')) throw new ValidationError(`route ${i}: target_path must start with "/"`, 'target_path');
  for (const b of r.target.backends) {
    let url: URL;
    try {
      url = new URL(b.url);
    } catch {
      throw new ValidationError(`route ${i}: backend ${b.id} has an invalid url`, 'backends');
    }
    if (url.protocol !== 'http:') throw new ValidationError(`route ${i}: backend ${b.id} must be an http:// url`, 'backends');
  }
}

/** Every served host and its compiled routes; replaced per host by `converge`, never patched. */
export class RouteTable {
  private readonly hosts = new Map<string, CompiledRoute[]>();

  constructor(private readonly pool: BackendPool) {}

  /** Validates `spec` and makes its host serve exactly its routes; backends that fell out of every host drain. */
  set(spec: HostSpec): void {
    const host = checkHostName(spec.host);
    const seen = new Set<string>();
    spec.routes.forEach((r, i) => {
      checkRoute(r, i);
      const key = r.path.length > 1 ? r.path.replace(/\/$/, '') : r.path;
      if (seen.has(key)) throw new ValidationError(`route ${i}: duplicate path ${r.path}`, 'path');
      seen.add(key);
    });
    const routes = spec.routes.map((r) => ({
      path: r.path,
      target_path: r.target_path,
      target: r.target,
      backends: r.target.backends.map((b) => this.pool.acquire(b)),
      cursor: { next: 0 },
    }));
    this.hosts.set(host, routes);
    this.drainUnused();
  }

  /** Stops serving `host`; a no-op when it is not served. */
  delete(host: string): void {
    const h = host.trim().toLowerCase().replace(/\.$/, '');
    if (this.hosts.delete(h)) this.drainUnused();
  }

  /** The route serving `path` on `host`, if any. */
  match(host: string, path: string): CompiledRoute | undefined {
    const routes = this.hosts.get(host);
    return routes && longestPrefixMatch(routes, path);
  }

  /** Whether `host` is served at all. */
  has(host: string): boolean {
    return this.hosts.has(host);
  }

  /** Served host names, sorted. */
  names(): string[] {
    return [...this.hosts.keys()].sort();
  }

  private drainUnused(): void {
    const inUse = new Set<string>();
    for (const routes of this.hosts.values()) for (const r of routes) for (const b of r.backends) inUse.add(b.url);
    this.pool.retainOnly(inUse);
  }
}
