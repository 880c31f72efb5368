import type { Knex } from '@mikro-orm/knex';
import { toDomainError } from './errors.js';
import { writesData } from './writes-data.js';

/** The SQL dialects this adapter speaks. */
export type Dialect = 'sqlite' | 'postgresql';

/** What a repository needs for one unit of work: the dialect and knex bound to its transaction (or the pool). */
export interface Db {
  dialect: Dialect;
  knex: Knex | Knex.Transaction;
  /** The store's SQLite statements prepared once per connection (absent: hot reads go through knex.raw). */
  statements?: SqliteStatements;
  /**
   * Told when a statement that bypasses knex (a prepared one) changed data, so the change feed still sees it: inside
   * a transaction it marks the transaction as a writer, outside one (autocommit) the write has committed.
   */
  wrote?: () => void;
}

interface SqliteStatement {
  all(params: unknown[], cb: (err: Error | null, rows: Record<string, unknown>[]) => void): void;
  finalize(cb: () => void): void;
}

interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

/** A connection as knex's SQLite dialect calls it: `all(sql, bindings, cb)` for anything that returns no change count. */
interface KnexSqliteConnection extends SqliteConnection {
  all(sql: string, bindings: unknown[] | undefined, cb: (err: Error | null, rows: Record<string, unknown>[]) => void): void;
}

/** The statements knex sends to open and close a transaction, the same text every time. */
const TRANSACTION_CONTROL = new Set(['BEGIN;', 'COMMIT;', 'ROLLBACK']);

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

  /**
   * Makes the connection run knex's BEGIN, COMMIT and ROLLBACK as statements prepared once: knex's own path prepares
   * each anew, one more trip to the driver's thread pool at both ends of every transaction, while it holds the writer.
   */
  keepTransactionControl(conn: KnexSqliteConnection): void {
    const all = conn.all;
    conn.all = (sql, bindings, cb) => {
      if (!TRANSACTION_CONTROL.has(sql)) return all.call(conn, sql, bindings, cb);
      this.of(conn, sql, sql).all(bindings ?? [], cb);
    };
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

/** Rows per INSERT statement: far below SQLite's bound-parameter limit for any of our tables. */
const ROW_CHUNK = 50;

/** The statements `insertRows` and `updateRows` prepared, by what their text depends on. */
const rowStatements = new Map<string, (db: Db, bindings: unknown[]) => Promise<Record<string, unknown>[]>>();

/** The statement of that key, made from `sql` and prepared on first use. */
function rowStatement(key: string, sql: () => string): (db: Db, bindings: unknown[]) => Promise<Record<string, unknown>[]> {
  let statement = rowStatements.get(key);
  if (!statement) rowStatements.set(key, (statement = prepared(`slipway_rows_${rowStatements.size}`, sql())));
  return statement;
}

/**
 * Rows as one binding, a JSON array of rows (each an array of its values in `columns` order), read back in SQL by
 * `rowsSource`: a statement's text then does not depend on how many rows there are. Row builders hand JSON columns
 * over as text already (jsonIn), and Dates serialize as ISO instants, so every value travels as itself.
 */
function rowsParams(columns: string[], rows: Record<string, unknown>[]): unknown[] {
  return [JSON.stringify(rows.map((r) => columns.map((c) => r[c] ?? null)))];
}

/** SQL reading `rowsParams` back as a derived table `v` with those columns (`types`: their PostgreSQL types). */
function rowsSource(dialect: Dialect, columns: string[], types: Record<string, string>): string {
  return dialect === 'postgresql'
    ? `(select ${columns.map((c, i) => `cast(e->>${i} as ${types[c]}) as ${c}`).join(', ')} from json_array_elements(cast(? as json)) as e) as v`
    : `(select ${columns.map((c, i) => `json_extract(value, '$[${i}]') as ${c}`).join(', ')} from json_each(?)) as v`;
}

/**
 * Inserts rows (none for none). With `types` (each column's PostgreSQL type) in one statement of fixed text, prepared
 * once, whatever the number of rows; without, knex builds one statement per chunk of them.
 */
export async function insertRows(db: Db, table: string, rows: Record<string, unknown>[], types?: Record<string, string>): Promise<void> {
  if (rows.length === 0) return;
  if (!types) {
    for (let i = 0; i < rows.length; i += ROW_CHUNK) await run(db.knex(table).insert(rows.slice(i, i + ROW_CHUNK)));
    return;
  }
  const columns = Object.keys(types);
  const insert = rowStatement(`${db.dialect}|insert|${table}|${columns.join(',')}`, () => `insert into ${table} (${columns.join(', ')}) select ${columns.map((c) => `v.${c}`).join(', ')} from ${rowsSource(db.dialect, columns, types)}`);
  await insert(db, rowsParams(columns, rows));
}

/**
 * SQL matching `column` against a list bound as one parameter (`listParam`), so that a statement's text, and with it
 * the statement prepared once, is the same for any number of values: an array on PostgreSQL, JSON on SQLite.
 */
export function inList(dialect: Dialect, column: string, type = 'uuid'): string {
  return dialect === 'postgresql' ? `${column} = any(cast(? as ${type}[]))` : `${column} in (select value from json_each(?))`;
}

/** The binding of an `inList` parameter. */
export function listParam(dialect: Dialect, values: readonly unknown[]): unknown {
  return dialect === 'postgresql' ? values : JSON.stringify(values);
}

/**
 * Updates rows by `id`, each with its own values, in one statement of fixed text (prepared once) whatever the number
 * of rows; answers the ids it changed. `types` names each column's PostgreSQL type; `also` narrows the rows further
 * (raw SQL over the table's own name).
 */
export async function updateRows(db: Db, table: string, rows: Record<string, unknown>[], types: Record<string, string>, also?: string): Promise<string[]> {
  if (rows.length === 0) return [];
  const columns = Object.keys(types);
  const all = ['id', ...columns];
  const update = rowStatement(
    `${db.dialect}|update|${table}|${columns.join(',')}|${also ?? ''}`,
    () => `update ${table} set ${columns.map((c) => `${c} = v.${c}`).join(', ')} from ${rowsSource(db.dialect, all, { id: 'uuid', ...types })} where ${table}.id = v.id${also ? ` and (${also})` : ''} returning ${table}.id`,
  );
  return (await update(db, rowsParams(all, rows))).map((r) => String(r.id));
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
export function preparedSelect(name: string, sql: string | ((dialect: Dialect) => string)): (db: Db, bindings: unknown[]) => Promise<Record<string, unknown>[]> {
  if (typeof sql === 'string') return prepared(name, sql);
  // Text that differs by dialect (an `inList`, say): each dialect's statement made on first use.
  const byDialect = new Map<Dialect, (db: Db, bindings: unknown[]) => Promise<Record<string, unknown>[]>>();
  return (db, bindings) => {
    let statement = byDialect.get(db.dialect);
    if (!statement) byDialect.set(db.dialect, (statement = prepared(name, sql(db.dialect))));
    return statement(db, bindings);
  };
}

/** A fixed, hot INSERT/UPDATE run as `preparedSelect` runs a statement, for the writes that answer nothing. */
export function preparedWrite(name: string, sql: string): (db: Db, bindings: unknown[]) => Promise<void> {
  const statement = prepared(name, sql);
  return async (db, bindings) => {
    await statement(db, bindings);
  };
}

/**
 * Runs one fixed statement as a named prepared statement (PostgreSQL) or one prepared per connection (SQLite). Knex
 * never sees it, so one that writes data answers show tells the change feed itself (`Db.wrote`) once it ran.
 */
function prepared(name: string, sql: string): (db: Db, bindings: unknown[]) => Promise<Record<string, unknown>[]> {
  const statement = preparedOnConnection(name, sql);
  if (!writesData(sql)) return statement;
  return async (db, bindings) => {
    const rows = await statement(db, bindings);
    db.wrote?.();
    return rows;
  };
}

/** The statement prepared on the connection knex hands out (the transaction's, inside one). */
function preparedOnConnection(name: string, sql: string): (db: Db, bindings: unknown[]) => Promise<Record<string, unknown>[]> {
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
