import { ValidationError } from '../errors.js';

// NUL ends a C string (PostgreSQL refuses it in text; SQLite would keep it), and a lone UTF-16 surrogate has no
// UTF-8 encoding: neither can be stored the same on every store, so both are refused before any store sees them.
const UNSTORABLE = /\u0000|[\uD800-\uDFFF]/u;

/** Why a string cannot be stored on every store (NUL byte, lone surrogate), or null when it can. */
export function unstorableReason(text: string): string | null {
  const m = UNSTORABLE.exec(text);
  if (!m) return null;
  return m[0] === '\u0000' ? 'contains a NUL character' : 'contains a lone UTF-16 surrogate (not valid Unicode)';
}

/**
 * Refuses, with a ValidationError naming the field (`name`, `config.FOO`, `items.2`), any string in `value`
 * (object keys included) that a store cannot hold. Transports call it once on path parameters, query and body.
 */
export function assertStorableStrings(value: unknown, field = ''): void {
  if (typeof value === 'string') {
    const reason = unstorableReason(value);
    if (reason) throw new ValidationError(`${field || 'value'} ${reason}.`, field || 'body');
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertStorableStrings(item, field ? `${field}.${i}` : String(i)));
    return;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const path = field ? `${field}.${key}` : key;
      const reason = unstorableReason(key);
      if (reason) throw new ValidationError(`The key of ${field || 'body'} ${reason}.`, field || 'body');
      assertStorableStrings(item, path);
    }
  }
}
