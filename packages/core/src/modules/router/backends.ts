import type { RouteBackend } from './router-driver.js';

/** The part of a runtime's dyno status a router needs (structurally a `DynoStatus`, kept local so this module stays self-contained). */
export interface RoutableDyno {
  id: string;
  type: string;
  ready: boolean;
  endpoint: { host: string; port: number } | null;
}

/**
 * Ready `web` dynos that publish an endpoint, as router backends (`http://host:port`), sorted by id so two
 * converges of the same dynos hand a router the same list. Dynos that are starting, crashed or unpublished are left
 * out: routing to them would fail requests.
 */
export function webBackends(dynos: readonly RoutableDyno[]): RouteBackend[] {
  return dynos
    .filter((d) => d.type === 'web' && d.ready && d.endpoint !== null)
    .map((d) => ({ id: d.id, url: `http://${hostForUrl(d.endpoint!.host)}:${d.endpoint!.port}` }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

// An IPv6 literal needs brackets inside a URL authority.
function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
