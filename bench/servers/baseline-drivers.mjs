// The baseline's plain drivers, set up the way the store sets up its own: on PostgreSQL a pool as large as the
// store's (10) with named prepared statements; on SQLite one writer plus four readers in WAL mode, with
// statements prepared once per connection. Both expose read(name, params) and transaction(fn).
import pg from 'pg';
import sqlite3 from 'sqlite3';

/** The baseline over PostgreSQL; `sql` maps statement names to SQL with `?` placeholders. */
export function openPostgres(url, sql) {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const text = Object.fromEntries(Object.entries(sql).map(([name, s]) => {
    let i = 0;
    return [name, s.replace(/\?/g, () => `$${++i}`)];
  }));
  const run = (client, name, values) => client.query({ name: `baseline_${name}`, text: text[name], values }).then((r) => r.rows);
  return {
    read: (name, values) => run(pool, name, values),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn((name, values) => run(client, name, values));
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

const READERS = 4;

/** Opens one SQLite connection with the store's pragmas and every statement prepared. */
async function connect(file, sql) {
  const db = await new Promise((resolve, reject) => {
    const d = new sqlite3.Database(file, (err) => (err ? reject(err) : resolve(d)));
  });
  await new Promise((resolve, reject) => db.exec('pragma journal_mode = wal; pragma synchronous = normal; pragma busy_timeout = 5000', (e) => (e ? reject(e) : resolve())));
  const statements = Object.fromEntries(Object.entries(sql).map(([name, s]) => [name, db.prepare(s)]));
  const all = (name, params) => new Promise((resolve, reject) => statements[name].all(params, (e, rows) => (e ? reject(e) : resolve(rows))));
  const exec = (s) => new Promise((resolve, reject) => db.exec(s, (e) => (e ? reject(e) : resolve())));
  const close = async () => {
    for (const st of Object.values(statements)) await new Promise((r) => st.finalize(() => r()));
    await new Promise((r) => db.close(() => r()));
  };
  return { all, exec, close };
}

/** The baseline over an SQLite file; `sql` maps statement names to SQL. */
export async function openSqlite(file, sql) {
  const writer = await connect(file, sql);
  const readers = await Promise.all(Array.from({ length: READERS }, () => connect(file, sql)));
  let next = 0;
  // One writer connection: transactions take turns on it, as the store's do.
  let queue = Promise.resolve();
  return {
    read: (name, params) => readers[next++ % READERS].all(name, params),
    transaction(fn) {
      const turn = queue.then(async () => {
        await writer.exec('begin');
        try {
          const result = await fn((name, params) => writer.all(name, params));
          await writer.exec('commit');
          return result;
        } catch (err) {
          await writer.exec('rollback').catch(() => undefined);
          throw err;
        }
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
    async close() {
      await queue;
      for (const c of [writer, ...readers]) await c.close();
    },
  };
}
