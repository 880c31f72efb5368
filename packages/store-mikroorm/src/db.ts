import type { Knex } from '@mikro-orm/knex';
import { toDomainError } from './errors.js';

/** The SQL dialects this adapter speaks. */
export type Dialect = 'sqlite' | 'postgresql';

/** What a repository needs for one unit of work: the dialect and knex bound to its transaction (or the pool). */
export interface Db {
  dialect: Dialect;
  knex: Knex | Knex.Transaction;
  /** The store's SQLite statements prepared once per connection (absent: hot reads go through knex.raw). */
  statements?: SqliteStatements;
  /** Told when a statement that bypasses knex (`preparedWrite`) changed data, so the change feed still sees it. */
  wrote?: () => void;
}

interface SqliteStatement {
  all(params: unknown[], cb: (err: Error | null, rows: Record<string, unknown>[]) => void): void;
  finalize(cb: () => void): void;
}

interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

/**
 * SQLite statements prepared once per connection and kept for the store's life, as the PostgreSQL side keeps its
 * named statements: re-preparing a hot SELECT per call was most of a read's cost. SQLite refuses to close a
 * connection with statements open, so the store finalizes them all (`finalizeAll`) before it closes its pool.
 */
export class SqliteStatements {
  private readonly byConnection = new Map<SqliteConnection, Map<string, SqliteStatement>>();

  /** The connection's statement of that name, prepared on first use. */
  of(conn: SqliteConnection, name: string, sql: string): SqliteStatement {
    let named = this.byConnection.get(conn);
    if (!named) this.byConnection.set(conn, (named = new Map()));
    let st = named.get(name);
    if (!st) named.set(name, (st = conn.prepare(sql)));
    return st;
  }

  /** Finalizes every statement (before the connections close). */
  async finalizeAll(): Promise<void> {
    const all = [...this.byConnection.values()].flatMap((m) => [...m.values()]);
    this.byConnection.clear();
    await Promise.all(all.map((st) => new Promise<void>((resolve) => st.finalize(() => resolve()))));
  }
}

/** Awaits a query, translating native failures so repositories never leak driver errors. */
export async function run<T>(query: PromiseLike<T>): Promise<T> {
  try {
    return await query;
  } catch (err) {
    throw toDomainError(err);
  }
}

/** Rows per INSERT or multi-row UPDATE statement: far below SQLite's bound-parameter limit for any of our tables. */
const ROW_CHUNK = 50;

/** Inserts rows with one statement per chunk of them (none for none). */
export async function insertRows(db: Db, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROW_CHUNK) await run(db.knex(table).insert(rows.slice(i, i + ROW_CHUNK)));
}

/**
 * Updates rows by `id`, each with its own values, in one statement per chunk; answers the ids it changed. `types`
 * names each column's PostgreSQL type (values arrive as text there and are cast); `also` narrows the rows further
 * (raw SQL over the table's own name).
 */
export async function updateRows(db: Db, table: string, rows: Record<string, unknown>[], types: Record<string, string>, also?: string): Promise<string[]> {
  const columns = Object.keys(types);
  const pg = db.dialect === 'postgresql';
  const cast = (c: string) => (pg ? `cast(v.${c} as ${types[c]})` : `v.${c}`);
  const changed: string[] = [];
  for (let i = 0; i < rows.length; i += ROW_CHUNK) {
    const chunk = rows.slice(i, i + ROW_CHUNK);
    // A derived table of the new values (UNION ALL of SELECTs: both dialects read it), joined on id.
    const values = chunk.map((_, n) => `select ${['id', ...columns].map((c) => (n === 0 ? `? as ${c}` : '?')).join(', ')}`).join(' union all ');
    const bindings = chunk.flatMap((r) => [r.id, ...columns.map((c) => r[c])]) as Knex.RawBinding[];
    const sql = `update ${table} set ${columns.map((c) => `${c} = ${cast(c)}`).join(', ')} from (${values}) as v where ${table}.id = ${pg ? 'cast(v.id as uuid)' : 'v.id'}${also ? ` and (${also})` : ''} returning ${table}.id`;
    const result = (await run(db.knex.raw(sql, bindings))) as { rows?: Record<string, unknown>[] } | Record<string, unknown>[];
    const out = Array.isArray(result) ? result : (result.rows ?? []);
    for (const r of out) changed.push(String(r.id));
  }
  return changed;
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
 * On SQLite likewise, with a statement prepared once per connection (`Db.statements`).
 */
export function preparedSelect(name: string, sql: string): (db: Db, bindings: unknown[]) => Promise<Record<string, unknown>[]> {
  return prepared(name, sql);
}

/**
 * A fixed, hot INSERT/UPDATE run as `preparedSelect` runs a SELECT: parsed and planned once per connection, no
 * per-call query building. Inside a transaction it tells the change feed of the write (`Db.wrote`), since knex never
 * sees the statement; outside one (rare: autocommit) it goes through knex.raw, whose events the feed hears.
 */
export function preparedWrite(name: string, sql: string): (db: Db, bindings: unknown[]) => Promise<void> {
  const statement = prepared(name, sql);
  return async (db, bindings) => {
    if (!db.knex.isTransaction) {
      await run(db.knex.raw(sql, bindings as Knex.RawBinding[]));
      return;
    }
    await statement(db, bindings);
    db.wrote?.();
  };
}

/** Runs one fixed statement as a named prepared statement (PostgreSQL) or one prepared per connection (SQLite). */
function prepared(name: string, sql: string): (db: Db, bindings: unknown[]) => Promise<Record<string, unknown>[]> {
  let n = 0;
  const pgText = sql.replace(/\?/g, () => `$${++n}`);
  return async (db, bindings) => {
    if (db.dialect !== 'postgresql') {
      const statements = db.statements;
      if (!statements) return run(db.knex.raw(sql, bindings as Knex.RawBinding[])) as Promise<Record<string, unknown>[]>;
      // As on PostgreSQL: the connection knex hands out (the transaction's, inside one) runs a statement prepared
      // on it once; the connection is ours until released, so no other call uses the statement meanwhile.
      const client = db.knex.client;
      const conn = (await run(client.acquireConnection())) as SqliteConnection;
      try {
        const st = statements.of(conn, name, sql);
        return await run(new Promise<Record<string, unknown>[]>((resolve, reject) => st.all(bindings, (err, rows) => (err ? reject(err) : resolve(rows)))));
      } finally {
        await client.releaseConnection(conn);
      }
    }
    const client = db.knex.client;
    const conn = (await run(client.acquireConnection())) as PgConnection;
    try {
      return (await run(conn.query({ name, text: pgText, values: bindings }))).rows;
    } finally {
      await client.releaseConnection(conn);
    }
  };
}
