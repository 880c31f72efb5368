import type { StoreTx } from './store.js';

/**
 * Reads started ahead of the step that needs them, per transaction: a unit of work that knows what comes next lets
 * them leave beside its first statements instead of after its locks are taken. Each is taken once, by key; one never
 * taken goes with its transaction, and its failure (the work failed first) is no unhandled rejection.
 */
export class EarlyReads<T> {
  private readonly byTx = new WeakMap<StoreTx, Map<string, Promise<T>>>();

  /** Starts `read` for `key` in `tx`, unless one is started already. */
  start(tx: StoreTx, key: string, read: () => Promise<T>): void {
    let reads = this.byTx.get(tx);
    if (!reads) this.byTx.set(tx, (reads = new Map()));
    if (reads.has(key)) return;
    const started = read();
    started.catch(() => undefined);
    reads.set(key, started);
  }

  /** The read started for `key` in `tx` (and forgets it), or undefined when none was. */
  take(tx: StoreTx, key: string): Promise<T> | undefined {
    const reads = this.byTx.get(tx);
    const read = reads?.get(key);
    reads?.delete(key);
    return read;
  }
}
