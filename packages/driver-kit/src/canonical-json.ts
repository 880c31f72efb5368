/**
 * Stable JSON: keys sorted, undefined members dropped, so comparisons and hashes ignore key order and
 * absent-versus-undefined. Drivers compare live objects with desired ones and hash templates with it, and the
 * Kubernetes fake computes `pod-template-hash` with it, so every copy must give the same text.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
    .join(',')}}`;
}
