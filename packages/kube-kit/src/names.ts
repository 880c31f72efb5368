import { createHash } from 'node:crypto';

/** Value of `app.kubernetes.io/managed-by` on everything Slipway creates (runtime and router alike). */
export const MANAGER = 'slipway';

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Short hex digest, for names and hashes that must be equal on every controller replica. */
export function digest(text: string, length = 16): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** A label-safe form of a value: verbatim when valid (UUIDs are), else a digest, so selectors always work. */
export function labelValue(value: string): string {
  return value.length <= 63 && LABEL_VALUE.test(value) ? value : `h-${digest(value, 40)}`;
}

/** DNS-1123 label from arbitrary text, for namespace names. */
function dnsLabel(text: string, max = 63): string {
  const clean = text.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '');
  return clean.slice(0, max).replace(/-+$/, '') || digest(text, 8);
}

/** The namespace of a space, `<prefix><space name>`: one rule, so the router finds what the runtime created. */
export function spaceNamespace(prefix: string, space: string): string {
  return dnsLabel(`${prefix}${space}`);
}

/** The Service fronting an app's web dynos, named after the app (Service names are DNS-1035: they start with a letter). */
export function appServiceName(app: string): string {
  return /^[a-z]/.test(app) ? app : `app-${app}`;
}
