import type { Dialect } from './db.js';

// Column values differ per dialect (SQLite: epoch ms, 0/1, JSON text; PostgreSQL: timestamptz text
// as MikroORM configures pg, booleans, parsed jsonb); these helpers hide that from the row mappers.

/** A Date as the dialect stores it. */
export function dateIn(dialect: Dialect, d: Date): Date | number {
  return dialect === 'sqlite' ? d.getTime() : d;
}

/** A nullable Date as the dialect stores it. */
export function maybeDateIn(dialect: Dialect, d: Date | null): Date | number | null {
  return d === null ? null : dateIn(dialect, d);
}

/** A stored instant back as a Date. */
export function dateOut(v: unknown): Date {
  if (v instanceof Date) return v;
  if (typeof v === 'number' || typeof v === 'bigint') return new Date(Number(v));
  if (typeof v === 'string') return /^\d+$/.test(v) ? new Date(Number(v)) : new Date(v);
  throw new TypeError(`not a stored instant: ${typeof v}`);
}

/** A nullable stored instant. */
export function maybeDateOut(v: unknown): Date | null {
  return v === null || v === undefined ? null : dateOut(v);
}

/** The `created_at` and `updated_at` instants of a record as the dialect stores them. */
export function stampsIn(dialect: Dialect, r: { created_at: Date; updated_at: Date }): { created_at: Date | number; updated_at: Date | number } {
  return { created_at: dateIn(dialect, r.created_at), updated_at: dateIn(dialect, r.updated_at) };
}

/** The `created_at` and `updated_at` columns of a row back as Dates. */
export function stampsOut(r: Record<string, unknown>): { created_at: Date; updated_at: Date } {
  return { created_at: dateOut(r.created_at), updated_at: dateOut(r.updated_at) };
}

/** A JSON column value (stringified: pg would turn arrays into PostgreSQL arrays otherwise). */
export function jsonIn(v: unknown): string {
  return JSON.stringify(v);
}

/** A stored JSON column back as a value (SQLite returns text, PostgreSQL parsed jsonb). */
export function jsonOut<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

/** A stored boolean (SQLite returns 0/1). */
export function boolOut(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 't';
}
