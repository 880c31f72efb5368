import type { Knex } from '@mikro-orm/knex';
import { toDomainError } from './errors.js';

/** The SQL dialects this adapter speaks. */
export type Dialect = 'sqlite' | 'postgresql';

/** What a repository needs for one unit of work: the dialect and knex bound to its transaction (or the pool). */
export interface Db {
  dialect: Dialect;
  knex: Knex | Knex.Transaction;
}

/** Awaits a query, translating native failures so repositories never leak driver errors. */
export async function run<T>(query: PromiseLike<T>): Promise<T> {
  try {
    return await query;
  } catch (err) {
    throw toDomainError(err);
  }
}

/** Rows an UPDATE or DELETE touched (knex returns a count on both dialects). */
export async function affected(query: PromiseLike<number>): Promise<number> {
  return Number(await run(query));
}

interface PgConnection {
  query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * Runs a fixed, hot SELECT written with `?` placeholders. On PostgreSQL it goes straight to the
 * connection as a named prepared statement (parsed and planned once per connection), skipping
 * knex's per-call query building; inside a transaction knex hands out the transaction's connection.
 */
export function preparedSelect(name: string, sql: string): (db: Db, bindings: unknown[]) => Promise<Record<string, unknown>[]> {
  let n = 0;
  const pgText = sql.replace(/\?/g, () => `$${++n}`);
  return async (db, bindings) => {
    if (db.dialect !== 'postgresql') return run(db.knex.raw(sql, bindings as Knex.RawBinding[])) as Promise<Record<string, unknown>[]>;
    const client = db.knex.client;
    const conn = (await run(client.acquireConnection())) as PgConnection;
    try {
      return (await run(conn.query({ name, text: pgText, values: bindings }))).rows;
    } finally {
      await client.releaseConnection(conn);
    }
  };
}
