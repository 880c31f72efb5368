import type { Knex } from '@mikro-orm/knex';
import type { StoreChanges } from '@slipway/core';
import { preparedSelect, type Dialect } from './db.js';
import { writesData } from './writes-data.js';
import { afterCommit } from './pg-pipeline.js';

/** The statement that advances the shared version. */
const ADVANCE = "select nextval('slipway_changes')";

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
 * Runs `fn` for callers that need a run started after they called: one run out at a time, and every caller arriving
 * while it is out shares the next one. A burst of callers costs two runs, not one each.
 */
class AfterCall<T> {
  private running: Promise<T> | undefined;
  private waiting: Promise<T> | undefined;

  constructor(private readonly fn: () => Promise<T>) {}

  call(): Promise<T> {
    if (!this.running) {
      const run = this.fn();
      this.running = run;
      const clear = () => {
        if (this.running === run) this.running = undefined;
      };
      run.then(clear, clear);
      return run;
    }
    // The run out now may have started before this call: wait for the next one.
    this.waiting ??= this.running.then(
      () => this.next(),
      () => this.next(),
    );
    return this.waiting;
  }

  private next(): Promise<T> {
    this.waiting = undefined;
    return this.call();
  }
}

/**
 * The version replicas sharing one PostgreSQL read: a sequence writers advance after they commit. Readers ask the
 * database and writers advance it through `AfterCall`: a run started after the caller's request (or commit) sees
 * every write answered before it, so concurrent readers, and concurrent committers, share one query.
 */
class SharedVersion implements StoreChanges {
  private readonly read = preparedSelect('slipway_changes_version', 'select case when is_called then last_value else 0 end as v from slipway_changes');
  private readonly asking = new AfterCall(() => this.ask());
  private readonly advancing = new AfterCall(() => this.advance());

  constructor(private readonly knex: Knex) {}

  current(): Promise<number | null> {
    return this.asking.call();
  }

  bump(): Promise<void> {
    return this.advancing.call();
  }

  private async advance(): Promise<void> {
    // The write has committed: a lost bump would let other replicas answer from memory what it changed, so a
    // dropped connection is retried on a fresh one before the writer is told its write failed to publish.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.knex.raw(ADVANCE);
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

  /** Told of a write outside a transaction that knex did not run (a prepared statement): it has committed. */
  committed(): void {
    this.version.bump().catch(() => undefined);
  }

  /** What the store publishes as `Store.changes`. */
  get changes(): StoreChanges {
    return this.version;
  }

  /**
   * Runs `fn` in knex's transaction and advances the version after a commit that wrote data, before resolving. `fn`
   * calls `noteWrite` for a write knex did not run (a prepared statement), which its query events cannot show.
   */
  async transaction<T>(fn: (trx: Knex.Transaction, noteWrite: () => void) => Promise<T>): Promise<T> {
    let wrote = false;
    const follow: { current: ReturnType<typeof afterCommit> } = { current: null };
    try {
      const result = await this.knex.transaction(async (trx) => {
        trx.on('query', (q: { sql?: string }) => {
          if (!wrote && q.sql && writesData(q.sql)) wrote = true;
        });
        const value = await fn(trx, () => (wrote = true));
        // The shared version's bump rides behind the COMMIT on this connection (pipelined), in the same write: PostgreSQL
        // runs it after the commit, so no reader sees the new version before the data.
        if (wrote && this.version instanceof SharedVersion) follow.current = afterCommit(await trx.client.acquireConnection(), ADVANCE);
        return value;
      });
      if (wrote) await this.advanced(follow.current);
      return result;
    } finally {
      follow.current?.cancel();
    }
  }

  /** Waits for the bump that followed the COMMIT; without one (or should it have failed), bumps now. */
  private async advanced(follow: ReturnType<typeof afterCommit>): Promise<void> {
    if (follow) {
      try {
        return await follow.answered;
      } catch {
        // The connection dropped after the commit: bumped below on another one, with its retries.
      }
    }
    await this.version.bump();
  }
}
