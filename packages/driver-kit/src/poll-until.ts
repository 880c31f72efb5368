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
 * or the signal aborts (resolves false, after at least one check). `done` may answer a number instead of false: not
 * yet, but look again in that many ms (when it knows when, e.g. a readiness window ends; never later than
 * `intervalMs`). Rollouts wait for dynos to be ready this way; the caller decides whether "not yet" is an error.
 * Errors thrown by `done` end the wait and propagate.
 */
export async function pollUntil(done: () => boolean | number | Promise<boolean | number>, options: PollUntilOptions): Promise<boolean> {
  const clock = options.clock ?? systemClock;
  const deadline = clock.now().getTime() + options.timeoutMs;
  for (;;) {
    const answer = await done();
    if (answer === true) return true;
    if (options.signal?.aborted || clock.now().getTime() >= deadline) return false;
    const pause = typeof answer === 'number' ? Math.min(Math.max(0, answer), options.intervalMs) : options.intervalMs;
    await clock.sleep(Math.min(pause, Math.max(0, deadline - clock.now().getTime())), options.signal);
  }
}
