import type { InjectionToken } from 'tsyringe';

/**
 * Time as the kernel sees it. Leases, heartbeats, poll intervals and `run_at` all read this port, so a test
 * can drive them with vitest fake timers (the system clock reads `Date` and `setTimeout`, which fake timers
 * replace) or with a clock of its own, instead of waiting real seconds.
 */
export interface Clock {
  /** The current time. */
  now(): Date;
  /** Resolves after `ms`, or as soon as `signal` aborts (it never rejects, so loops just re-check their state). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The clock of the machine: `new Date()` and an unref'd `setTimeout` (a pending sleep never keeps Node alive). */
export const systemClock: Clock = {
  now: () => new Date(),
  sleep(ms, signal) {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      timer.unref?.();
      signal?.addEventListener('abort', done, { once: true });
    });
  },
};

/** DI token of the platform's Clock (the system clock unless `createPlatform` was given one). */
export const CLOCK: InjectionToken<Clock> = Symbol.for('slipway.Clock');
