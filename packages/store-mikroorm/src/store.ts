import { MikroORM, type Options } from '@mikro-orm/core';
import type { AbstractSqlConnection, AbstractSqlDriver, Knex, SqlEntityManager } from '@mikro-orm/knex';
import { ValidationError, type Store, type StoreChanges, type StoreTx } from '@slipway/core';
import { ChangeFeed } from './change-feed.js';
import { SqliteStatements, type Db, type Dialect } from './db.js';
import { toDomainError } from './errors.js';
import { migrationsList } from './store-modules.js';
import { mikroOrmStoreOptionsSchema, parseStoreUrl, type MikroOrmStoreOptions, type StoreTarget } from './options.js';
import { pipelined, type PipelinedPgClient } from './pg-pipeline.js';
import { unitOfWork } from './unit-of-work.js';

/** A Store on MikroORM, with its ORM exposed for hosts that need more (admin tasks, extra migrations). */
export interface MikroOrmStore extends Store {
  /** The SQL dialect the URL selected. */
  readonly dialect: Dialect;
  /** The underlying ORM (for hosts and tests; repositories do not need it). */
  readonly orm: MikroORM<AbstractSqlDriver>;
}

/** Arbitrary but fixed: serializes migrations of several controllers starting on one PostgreSQL. */
const MIGRATION_LOCK = 0x51ea_3a11;

/** Read connections a file-backed SQLite store opens beside its one writer. */
const SQLITE_READERS = 4;

/** Imports a dialect's driver, an optional peer: a missing one is named with what to install, not a bare resolution error. */
async function loadDriver<T>(load: () => Promise<T>, name: string): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    throw new Error(`this database URL needs the ${name} driver: npm install ${name}@6.6.16 (it is an optional peer of @slipway/store-mikroorm)`);
  }
}

/** Driver, connection and pool settings per dialect; drivers load lazily so one dialect never loads the other's native module. */
async function driverOptions(target: StoreTarget, poolMax: number, statements: SqliteStatements): Promise<Partial<Options<AbstractSqlDriver>>> {
  if (target.dialect === 'sqlite') {
    const { SqliteDriver } = await loadDriver(() => import('@mikro-orm/sqlite'), '@mikro-orm/sqlite');
    return {
      driver: SqliteDriver,
      dbName: target.file,
      // One connection: in-process transactions queue for it instead of failing with SQLITE_BUSY;
      // WAL and a busy timeout cover other processes (backups, a CLI) touching the file. With WAL,
      // synchronous=normal skips the fsync per commit yet survives a process crash (only an OS
      // crash or power loss can drop the last commits), which is the embedded store's job.
      pool: {
        min: 1,
        max: 1,
        idleTimeoutMillis: 2 ** 31 - 1,
        afterCreate(conn: Parameters<SqliteStatements['keepTransactionControl']>[0] & { exec(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) {
          statements.keepTransactionControl(conn);
          conn.exec('pragma journal_mode = wal; pragma synchronous = normal; pragma busy_timeout = 5000; pragma foreign_keys = on', (err) => done(err, conn));
        },
      },
      // Reads outside transactions get connections of their own: in WAL mode they run beside the writer
      // and see every committed write, instead of queueing behind it. (An in-memory database exists per
      // connection, so it has none.)
      ...(target.file === ':memory:' ? {} : { replicas: Array.from({ length: SQLITE_READERS }, (_, i) => ({ name: `read-${i}`, dbName: target.file })) }),
    };
  }
  const { PostgreSqlDriver } = await loadDriver(() => import('@mikro-orm/postgresql'), '@mikro-orm/postgresql');
  return {
    driver: PostgreSqlDriver,
    clientUrl: target.url,
    // Pipelined connections (pg-pipeline.ts): a transaction's statements issued side by side share a round trip.
    driverOptions: { connection: { pipeline: true } },
    pool: {
      min: 0,
      max: poolMax,
      afterCreate(conn: PipelinedPgClient, done: (err: Error | null, conn: unknown) => void) {
        pipelined(conn);
        done(null, conn);
      },
    },
  };
}

/** Table the Migrator records applied migrations in. */
const MIGRATIONS_TABLE = 'slipway_migrations';

/** Whether every in-code migration is recorded as applied: one read, so an up-to-date database never loads the Migrator. */
async function upToDate(knex: Knex): Promise<boolean> {
  let rows: Array<{ name: string }>;
  try {
    rows = await knex(MIGRATIONS_TABLE).select('name');
  } catch {
    // No table yet: a new database.
    return false;
  }
  const applied = new Set(rows.map((r) => r.name));
  return migrationsList.every((m) => applied.has(m.name));
}

/** Runs the pending in-code migrations, under an advisory lock on PostgreSQL so replicas starting together take turns. */
async function migrate(orm: MikroORM<AbstractSqlDriver>, dialect: Dialect): Promise<void> {
  const knex = (orm.em as SqlEntityManager).getKnex();
  if (await upToDate(knex)) return;
  // Loaded only when there is work: the Migrator (umzug and its generators) costs hundreds of ms at start-up.
  const { Migrator } = await import('@mikro-orm/migrations');
  const migrator = new Migrator(orm.em);
  if (dialect === 'sqlite') {
    await migrator.up();
    return;
  }
  const client = orm.em.getKnex().client;
  const conn = await client.acquireConnection();
  try {
    await conn.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrator.up();
  } finally {
    await conn.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.releaseConnection(conn);
  }
}

/** Opens the store at `options.url` and applies pending migrations before returning it. */
export async function openMikroOrmStore(options: MikroOrmStoreOptions): Promise<MikroOrmStore> {
  const parsed = mikroOrmStoreOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ValidationError(`store option ${issue.path.join('.')}: ${issue.message}`, issue.path.join('.'));
  }
  const opts = parsed.data;
  const target = parseStoreUrl(opts.url);
  // Made before the ORM so its connections' afterCreate can prepare on them; the store finalizes them at close.
  const statements = new SqliteStatements();
  const dialectOptions = await driverOptions(target, opts.poolMax ?? 10, statements);
  const orm = await MikroORM.init<AbstractSqlDriver>({
    ...dialectOptions,
    // No entities: repositories map rows to core's plain records through the query builder, and the in-code
    // migrations are the one description of the schema (docs/architecture.md says why).
    entities: [],
    discovery: { warnWhenNoEntities: false },
    migrations: {
      migrationsList,
      tableName: MIGRATIONS_TABLE,
      transactional: true,
      allOrNothing: true,
      disableForeignKeys: false,
      snapshot: false,
      silent: !opts.debug,
    },
    // Never 'query-params': bound values include config vars, i.e. secrets.
    debug: opts.debug ? ['query', 'info', 'discovery'] : false,
    // knex would otherwise inline bound values (secrets) into error messages.
    driverOptions: { ...dialectOptions.driverOptions, compileSqlOnError: false },
    metadataCache: { enabled: false },
    ensureDatabase: false,
    allowGlobalContext: false,
  });
  try {
    await migrate(orm, target.dialect);
  } catch (err) {
    await statements.finalizeAll();
    await orm.close(true);
    throw toDomainError(err);
  }
  const knex = (orm.em as SqlEntityManager).getKnex();
  if (opts.debug) {
    const logger = orm.config.getLogger();
    knex.on('query', (q: { sql: string }) => logger.log('query', q.sql));
  }
  return new MikroOrmStoreImpl(orm, target.dialect, knex, opts.trackChanges === false ? undefined : new ChangeFeed(target.dialect, knex), target.dialect === 'sqlite' ? statements : undefined);
}

/** The first of `writes` (in the order they were issued) that failed, once all are answered; undefined when none did. */
async function firstFailure(writes: Promise<unknown>[]): Promise<unknown> {
  if (writes.length === 0) return undefined;
  const settled = await Promise.allSettled(writes);
  return settled.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason;
}

class MikroOrmStoreImpl implements MikroOrmStore {
  private readonly rootTx: StoreTx;
  readonly changes: StoreChanges | undefined;

  constructor(
    readonly orm: MikroORM<AbstractSqlDriver>,
    readonly dialect: Dialect,
    private readonly knex: Knex,
    private readonly feed: ChangeFeed | undefined,
    private readonly statements: SqliteStatements | undefined,
  ) {
    this.changes = feed?.changes;
    this.rootTx = unitOfWork(this.db(knex));
  }

  async transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    // Straight on knex: repositories speak SQL through the query builder and no entity is managed, so an
    // EntityManager fork and MikroORM's transaction manager (a fork, a UnitOfWork flush at commit) were pure cost
    // on every write. knex commits when `fn` resolves and rolls back when it throws, as em.transactional did.
    // Writes handed over with `commitWith`: PostgreSQL gets its COMMIT right behind them (pipelined, in their socket
    // write); one that failed aborted the transaction, so that COMMIT rolled it back and its error is the answer.
    // SQLite settles them before its COMMIT or ROLLBACK (below).
    const trailing: Promise<unknown>[] = [];
    try {
      const work = async (knex: Knex.Transaction, wrote?: () => void) => {
        const tx = unitOfWork(this.db(knex, wrote));
        tx.commitWith = (write) => {
          write.catch(() => undefined);
          trailing.push(write);
        };
        if (this.dialect === 'postgresql') return fn(tx);
        // SQLite runs a connection's pending statements in no set order: each handed-over write lands before the
        // COMMIT or the ROLLBACK, also when the work failed, or it could run after that, on its own (autocommit).
        const value = await fn(tx).finally(() => Promise.allSettled(trailing));
        const failed = await firstFailure(trailing);
        if (failed) throw failed;
        return value;
      };
      const result = await (this.feed ? this.feed.transaction(work) : this.knex.transaction(work));
      const failed = await firstFailure(trailing);
      if (failed) throw failed;
      return result;
    } catch (err) {
      // A statement behind a failed one fails only because of it: the first failure is the cause.
      throw toDomainError((await firstFailure(trailing)) ?? err);
    }
  }

  async read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    try {
      if (this.dialect === 'sqlite') {
        // A reader connection (a random replica of the same file), or the writer when there are none.
        const knex = (this.orm.em.getDriver().getConnection('read') as AbstractSqlConnection).getKnex();
        return await fn(unitOfWork(this.db(knex)));
      }
      return await fn(this.rootTx);
    } catch (err) {
      throw toDomainError(err);
    }
  }

  /** A unit of work's Db over that knex (the pool, a reader's, or a transaction, whose `wrote` the feed gives). */
  private db(knex: Knex | Knex.Transaction, wrote?: () => void): Db {
    const db: Db = { dialect: this.dialect, knex };
    if (this.statements) db.statements = this.statements;
    const feed = this.feed;
    if (wrote) db.wrote = wrote;
    else if (feed && !knex.isTransaction) db.wrote = () => feed.committed();
    return db;
  }

  async close(): Promise<void> {
    // SQLite will not close a connection with prepared statements still open.
    await this.statements?.finalizeAll();
    await this.orm.close(true);
  }
}
