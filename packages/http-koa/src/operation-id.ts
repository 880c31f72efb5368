import type { RouteDef } from '@slipway/core';

/**
 * The OpenAPI operation id of a route at one of its paths (its first, the canonical spelling, by default): the method
 * and the path's words in camel case, e.g. `getAppsAppConfigVars`. Examples and clients key operations by it.
 */
export function operationId(r: RouteDef, path: string = Array.isArray(r.path) ? r.path[0]! : r.path): string {
  const words = path.replace(/:/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''));
  return `${r.method}${words}`;
}
