import { ValidationError } from '../../../errors.js';

/** App names: lowercase letters and digits only, so `{app}-{space}` keys split unambiguously. */
export const APP_NAME = /^[a-z0-9]{1,30}$/;
/** Space and organization names: lowercase alphanumerics and inner dashes. */
export const SPACE_NAME = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
/** Organization names follow the same rule as spaces. */
export const ORG_NAME = SPACE_NAME;
/** Config var keys: shell-safe environment variable names. */
export const CONFIG_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Lowercases a user-supplied name: names are stored lowercase and looked up case-insensitively. */
export function normalizeName(name: string): string {
  return name.trim().toLowerCase();
}

/** The app key clients address apps by: `{app}-{space}`. */
export function appKey(appName: string, spaceName: string): string {
  return `${appName}-${spaceName}`;
}

/** Splits an app key at its first dash (app names never contain one); null when it is not a key. */
export function parseAppKey(key: string): { name: string; space: string } | null {
  const k = normalizeName(key);
  const dash = k.indexOf('-');
  if (dash <= 0 || dash === k.length - 1) return null;
  return { name: k.slice(0, dash), space: k.slice(dash + 1) };
}

/** True when the string is a UUID (any version), so look-ups know to try the id column. */
export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

/** Throws a ValidationError naming `field` unless `value` matches `rule`. */
export function assertName(value: string, rule: RegExp, field: string, what: string): void {
  if (!rule.test(value)) throw new ValidationError(`${what} must match ${rule.source}`, field);
}
