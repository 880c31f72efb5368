import { ValidationError } from '../../../errors.js';
import { CONFIG_KEY } from './names.js';

/** Keys the platform sets itself; users may not set or delete them. */
export const RESERVED_CONFIG_KEYS = new Set(['PORT']);

/** Longest value accepted for one config var (64 KiB, like most platforms). */
export const MAX_CONFIG_VALUE = 64 * 1024;

/** One change a patch makes, as config_change events report it. */
export interface ConfigChange {
  type: 'create' | 'update' | 'delete';
  name: string;
}

/** Checks a config-var patch key by key, naming the offending key; reserved keys are refused. */
export function validateConfigPatch(patch: Record<string, unknown>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (!CONFIG_KEY.test(key)) throw new ValidationError(`Config var name ${JSON.stringify(key)} must match ${CONFIG_KEY.source}`, key);
    if (RESERVED_CONFIG_KEYS.has(key.toUpperCase())) throw new ValidationError(`${key} is set by the platform and cannot be changed`, key);
    if (value !== null && typeof value !== 'string') throw new ValidationError(`Config var ${key} must be a string or null`, key);
    if (typeof value === 'string' && value.length > MAX_CONFIG_VALUE) throw new ValidationError(`Config var ${key} is longer than ${MAX_CONFIG_VALUE} characters`, key);
    out[key] = value;
  }
  return out;
}

/** What a patch changes against the current vars; setting a var to its current value changes nothing. */
export function diffConfig(current: Record<string, string>, patch: Record<string, string | null>): ConfigChange[] {
  const changes: ConfigChange[] = [];
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) {
      if (name in current) changes.push({ type: 'delete', name });
    } else if (!(name in current)) changes.push({ type: 'create', name });
    else if (current[name] !== value) changes.push({ type: 'update', name });
  }
  return changes;
}

/** The vars after a patch: strings set, null deletes (what the store holds once the patch is written). */
export function applyConfigPatch(current: Record<string, string>, patch: Record<string, string | null>): Record<string, string> {
  const next = { ...current };
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete next[name];
    else next[name] = value;
  }
  return next;
}

/** Replaces every value with `mask` (used for SOCS spaces). */
export function maskValues(vars: Record<string, string>, mask: string): Record<string, string> {
  return Object.fromEntries(Object.keys(vars).map((k) => [k, mask]));
}
