import type { Knex } from '@mikro-orm/knex';
import type { StoreChanges } from '@slipway/core';
import type { Dialect } from './db.js';
import { preparedSelect } from './db.js';

/**
 * Tables no answer shows: the job queue and the seen-event keys are bookkeeping written on every poll, and counting
 * them as changes would empty a cache of answers several times a second for nothing.
 */
const BOOKKEEPING = new Set(['jobs', 'seen_events']);

/** Tables a statement writes. `for update` and `do update` (an upsert's conflict clause) are not writes of their own. */
const WRITE_TARGET = /(?<!\b(?:for|do)\s+)\b(?:insert\s+into|update|delete\s+from|replace\s+into|create\s+table|alter\s+table|drop\s+table)\s+(?:if\s+(?:not\s+)?exists\s+)?[`"]?(\w+)/gi;

/** Whether a statement may change data an answer can show (unrecognised writes count: over-counting is only slower). */
export function writesData(sql: string): boolean {
  for (const m of sql.matchAll(WRITE_TARGET)) if (!BOOKKEEPING.has(m[1]!.toLowerCase())) return true;
  return false;
}

/** The version one process keeps: its own file's writes are the only ones (SQLite, one process per file). */
class LocalVersion implements StoreChanges {
  private version = 0;

  current(): Promise<number> {
    return Promise.resolve(this.version);
  }

  bump(): Promise<void> {
    this.version++;
    return Promise.resolve();
  }
}

/**
 * The version replicas sharing one PostgreSQL read: a sequence each writer advances after its commit. A read asks the
 * database, but readers arriving while one ask is out share the next one (asked after they arrived, so it sees every
 * write answered before them): one small query serves a burst of requests.
 */
class SharedVersion implements StoreChanges {
  private readonly read = preparedSelect('slipway_changes_version', 'select case when is_called then last_value else 0 end as v from slipway_changes');
  private running: Promise<number | null> | undefined;
  private waiting: Promise<number | null> | undefined;

  constructor(private readonly knex: Knex) {}

  current(): Promise<number | null> {
    if (!this.running) {
      this.running = this.ask().finally(() => (this.running = undefined));
      return this.running;
    }
    // An ask already out may have started before this call: wait for the next one.
    this.waiting ??= this.running.then(() => {
      this.waiting = undefined;
      return this.current();
    });
    return this.waiting;
  }

  async bump(): Promise<void> {
    // The write has committed: a lost bump would let other replicas answer from memory what it changed, so a
    // dropped connection is retried on a fresh one before the writer is told its write failed to publish.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.knex.raw("select nextval('slipway_changes')");
        return;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
  }

  private async ask(): Promise<number | null> {
    try {
      const [row] = await this.read({ dialect: 'postgresql', knex: this.knex }, []);
      return Number(row!.v);
    } catch {
      // No answer is no version: nothing is served from memory until the database answers again.
      return null;
    }
  }
}

/** A store's change feed: tells when a transaction wrote data and advances the version once it committed. */
export class ChangeFeed {
  private readonly version: LocalVersion | SharedVersion;

  constructor(dialect: Dialect, private readonly knex: Knex) {
    this.version = dialect === 'postgresql' ? new SharedVersion(knex) : new LocalVersion();
    // Writes outside a transaction (autocommit) are committed once they answer.
    knex.on('query-response', (_res: unknown, q: { sql?: string; __knexTxId?: string }) => {
      if (!q.__knexTxId && q.sql && writesData(q.sql)) this.version.bump().catch(() => undefined);
    });
  }

  /** What the store publishes as `Store.changes`. */
  get changes(): StoreChanges {
    return this.version;
  }

  /** Runs `fn` in knex's transaction and advances the version after a commit that wrote data, before resolving. */
  async transaction<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    let wrote = false;
    const result = await this.knex.transaction((trx) => {
      trx.on('query', (q: { sql?: string }) => {
        if (!wrote && q.sql && writesData(q.sql)) wrote = true;
      });
      return fn(trx);
    });
    if (wrote) await this.version.bump();
    return result;
  }
}
