/** How one item of a batch ended: its result, or the error that item alone failed with. */
export type BatchResult<O> = { ok: true; value: O } | { ok: false; error: unknown };

/**
 * Group commit for any call: items submitted while a batch is running (or in the same turn of the event loop) go
 * out together as the next batch, so a burst costs one round trip per batch instead of one per item, and a lone
 * item waits for nothing but the batch ahead of it. One batch runs at a time.
 */
export class Batcher<I, O> {
  private queue: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private running = false;
  private scheduled = false;

  constructor(
    /** Runs one batch; answers one result per item, in order (an item's own failure must not fail the others). */
    private readonly runBatch: (items: I[]) => Promise<BatchResult<O>[]>,
    /** Items per batch at most; the rest wait for the next one. */
    private readonly maxItems = 64,
    /**
     * When a batch leaves: `turn` (after the current turn of the event loop, so callers resumed by one event join it) or
     * `microtask` (once the code that submitted has run, for callers that submit together from one synchronous loop
     * and want the batch's statement to leave in the same turn as their own).
     */
    private readonly leave: 'turn' | 'microtask' = 'turn',
  ) {}

  /** Adds an item to the next batch; settles with that item's result. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      void this.flush();
    };
    // After the current turn: callers resumed by the same event (one batch's results) all join this batch.
    if (this.leave === 'turn') setImmediate(go);
    else queueMicrotask(go);
  }

  private async flush(): Promise<void> {
    if (this.running || this.queue.length === 0) return;
    this.running = true;
    const taken = this.queue.splice(0, this.maxItems);
    try {
      const results = await this.runBatch(taken.map((t) => t.item));
      taken.forEach((t, i) => {
        const r = results[i];
        if (!r) t.reject(new Error('batch answered fewer results than items'));
        else if (r.ok) t.resolve(r.value);
        else t.reject(r.error);
      });
    } catch (err) {
      for (const t of taken) t.reject(err);
    } finally {
      this.running = false;
      this.schedule();
    }
  }
}

/** Runs `fn` on each item on its own, as one batch's results (the fallback when a batch as a whole fails). */
export async function eachAlone<I, O>(items: I[], fn: (item: I) => Promise<O>): Promise<BatchResult<O>[]> {
  const settled = await Promise.allSettled(items.map(fn));
  return settled.map((s) => (s.status === 'fulfilled' ? { ok: true, value: s.value } : { ok: false, error: s.reason as unknown }));
}
