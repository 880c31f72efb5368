/**
 * Runs work one at a time per key (an app id) inside this process, in call order; different keys run in parallel.
 * Across controller processes the core's per-app job key (and, on Kubernetes, resourceVersion preconditions)
 * serialise instead, so this only stops two calls of one process from interleaving.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `fn` once every earlier call for `key` has settled (whether it resolved or threw). */
  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(fn);
    this.tails.set(key, next);
    // The map holds only keys with work pending, so it does not grow with every app ever seen.
    void next
      .finally(() => {
        if (this.tails.get(key) === next) this.tails.delete(key);
      })
      .catch(() => undefined);
    return next;
  }

  /** Keys with work queued or running. */
  get busyKeys(): number {
    return this.tails.size;
  }

  /** Resolves once all work queued so far has settled (for a driver's `close`). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.tails.values()]);
  }
}
