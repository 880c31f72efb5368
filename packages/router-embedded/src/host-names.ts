/**
 * The host name a request is for: the Host header without its port, lowercased, without a trailing dot, so
 * `Events-Dev.apps.localhost:8080` and `events-dev.apps.localhost.` find the same host. Null when there is none.
 */
export function requestHost(hostHeader: string | undefined): string | null {
  if (!hostHeader) return null;
  let host = hostHeader.trim().toLowerCase();
  if (host.startsWith('[')) {
    // IPv6 literal: the port, if any, follows the closing bracket.
    const end = host.indexOf(']');
    host = end === -1 ? host : host.slice(0, end + 1);
  } else {
    const colon = host.indexOf(':');
    if (colon !== -1) host = host.slice(0, colon);
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host || null;
}

/** Whether certificate name `pattern` (exact, or `*.` covering exactly one label) covers `host`. */
export function coversHost(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  if (!p.startsWith('*.')) return p === host;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot + 1) === p.slice(2);
}
