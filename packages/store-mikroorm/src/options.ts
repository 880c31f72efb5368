import { resolve } from 'node:path';
import { z } from 'zod';
import { ValidationError } from '@slipway/core';

/** What `openMikroOrmStore` accepts; validated at open so a typo fails at boot, not on first query. */
export const mikroOrmStoreOptionsSchema = z.object({
  /** `sqlite:<path>`, `sqlite::memory:`, `postgres://...` or `postgresql://...`. */
  url: z.string().min(1),
  /** Logs SQL text (never bound values, which may be secrets). */
  debug: z.boolean().optional(),
  /** Most pooled PostgreSQL connections (SQLite always uses one). */
  poolMax: z.number().int().min(2).max(1000).optional(),
  /**
   * Publishes a data version (`Store.changes`, default true) so answers can be served from memory until data changes.
   * Turn it off for an SQLite file another process writes too: SQLite's version lives in this process alone.
   */
  trackChanges: z.boolean().optional(),
});

/** Options of `openMikroOrmStore`. */
export type MikroOrmStoreOptions = z.infer<typeof mikroOrmStoreOptionsSchema>;

/** Where a store URL points: an SQLite file (or memory) or a PostgreSQL server. */
export type StoreTarget =
  | { dialect: 'sqlite'; file: string }
  | { dialect: 'postgresql'; url: string };

/** Splits a store URL into its dialect and target; relative SQLite paths resolve against the cwd. */
export function parseStoreUrl(url: string): StoreTarget {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new ValidationError('sqlite URL needs a file path or :memory:', 'url');
    return { dialect: 'sqlite', file: path === ':memory:' ? ':memory:' : resolve(path) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgresql', url };
  throw new ValidationError('store URL must start with sqlite:, postgres:// or postgresql://', 'url');
}
