import type { RuntimeEventSubscription } from '@slipway/core';

/** Something that watches an engine until stopped. */
export interface Watcher {
  /** Ends the watch; resolves once it can deliver no more events. */
  stop(): Promise<void>;
}

/**
 * The open `watchEvents` subscriptions of one driver: each subscription closes its own watcher, and the driver's
 * `close` stops whatever is still open. A driver can also reach every open watcher (to tell them of something the
 * engine itself will not report).
 */
export class WatcherRegistry<W extends Watcher> implements Iterable<W> {
  private readonly open = new Set<W>();

  /**
   * Registers `watcher`, runs `start` (which subscribes to the engine), and returns the subscription that closes
   * it. When `start` fails the watcher is stopped and forgotten, and the error is rethrown.
   */
  async add(watcher: W, start: (watcher: W) => Promise<void>): Promise<RuntimeEventSubscription> {
    this.open.add(watcher);
    try {
      await start(watcher);
    } catch (err) {
      this.open.delete(watcher);
      await watcher.stop().catch(() => undefined);
      throw err;
    }
    return {
      close: async () => {
        this.open.delete(watcher);
        await watcher.stop();
      },
    };
  }

  /** How many watchers are open. */
  get size(): number {
    return this.open.size;
  }

  [Symbol.iterator](): Iterator<W> {
    return this.open.values();
  }

  /** Stops every open watcher. */
  async closeAll(): Promise<void> {
    const all = [...this.open];
    this.open.clear();
    await Promise.all(all.map((w) => w.stop()));
  }
}
