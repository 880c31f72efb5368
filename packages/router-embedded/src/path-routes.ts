/** A path route reduced to what matching needs: the source prefix and the prefix the target sees. */
export interface PathRule {
  /** Source prefix as declared, e.g. `/api` or `/`. */
  path: string;
  /** Replacement prefix, e.g. `/` or `/v1`. */
  target_path: string;
}

// `/api/` and `/api` are the same prefix; `/` becomes '' so every path matches it.
function trimSlash(p: string): string {
  return p.endsWith('/') ? p.slice(0, -1) : p;
}

/**
 * Whether request path `path` falls under prefix `prefix`, on a segment boundary: `/api` matches `/api`,
 * `/api/` and `/api/x`, not `/apiary` (so one app's prefix never swallows a sibling path by accident).
 */
export function matchesPrefix(prefix: string, path: string): boolean {
  const p = trimSlash(prefix);
  return p === '' || path === p || path.startsWith(`${p}/`);
}

/** The rule with the longest prefix matching `path`, or undefined when none does. */
export function longestPrefixMatch<R extends PathRule>(rules: readonly R[], path: string): R | undefined {
  let best: R | undefined;
  for (const r of rules) {
    if (matchesPrefix(r.path, path) && (!best || trimSlash(r.path).length > trimSlash(best.path).length)) best = r;
  }
  return best;
}

/** The path the target app sees: `rule.path` swapped for `rule.target_path` (`/api/users` with `/api`->`/v1` is `/v1/users`). */
export function rewritePath(rule: PathRule, path: string): string {
  const rest = path.slice(trimSlash(rule.path).length);
  if (rest === '') return rule.target_path;
  const joined = trimSlash(rule.target_path) + rest;
  return joined.startsWith('/') ? joined : `/${joined}`;
}

/** Splits a request target (`/a/b?x=1`) into its path and its query (with the `?`, or ''). */
export function splitUrl(url: string): { path: string; query: string } {
  const q = url.indexOf('?');
  return q === -1 ? { path: url || '/', query: '' } : { path: url.slice(0, q) || '/', query: url.slice(q) };
}
