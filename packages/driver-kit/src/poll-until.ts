import { systemClock, type Clock } from '@slipway/core';

/** How long and how often `pollUntil` checks. */
export interface PollUntilOptions {
  /** Give up after this long (measured on `clock`). */
  timeoutMs: number;
  /** Pause between checks. */
  intervalMs: number;
  /** Stops polling early (the controller is stopping, or the job lost its lease). */
  signal?: AbortSignal;
  /** Time source; default the system clock. */
  clock?: Clock;
}

/**
 * Checks `done` right away and then every `intervalMs` until it says true (resolves true), or the timeout passes
 * or the signal aborts (resolves false, after at least one check). Rollouts wait for dynos to be ready this way;
 * the caller decides whether "not yet" is an error. Errors thrown by `done` end the wait and propagate.
 */
export async function pollUntil(done: () => boolean | Promise<boolean>, options: PollUntilOptions): Promise<boolean> {
  const clock = options.clock ?? systemClock;
  const deadline = clock.now().getTime() + options.timeoutMs;
  for (;;) {
    if (await done()) return true;
    if (options.signal?.aborted || clock.now().getTime() >= deadline) return false;
    await clock.sleep(Math.min(options.intervalMs, Math.max(0, deadline - clock.now().getTime())), options.signal);
  }
}
