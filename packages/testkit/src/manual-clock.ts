import type { Clock } from '@slipway/core';

interface Sleeper {
  until: number;
  resolve(): void;
}

/**
 * A Clock that only moves when the test says so (`advance`). Unlike global fake timers it leaves the timers of
 * database drivers and HTTP clients alone, so tests of leases and heartbeats can run against a real store.
 */
export class ManualClock implements Clock {
  private t: number;
  private sleepers: Sleeper[] = [];

  constructor(start: Date = new Date('2026-01-01T00:00:00Z')) {
    this.t = start.getTime();
  }

  /** The current (test) time. */
  now(): Date {
    return new Date(this.t);
  }

  /** Resolves once `advance` has moved time past `ms` from now, or when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const sleeper: Sleeper = {
        until: this.t + Math.max(0, ms),
        resolve: () => {
          signal?.removeEventListener('abort', sleeper.resolve);
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          resolve();
        },
      };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', sleeper.resolve, { once: true });
    });
  }

  /** Moves time forward by `ms` and wakes every sleeper that is due, earliest first. */
  advance(ms: number): void {
    this.t += ms;
    for (const s of [...this.sleepers].sort((a, b) => a.until - b.until)) if (s.until <= this.t) s.resolve();
  }

  /** How many sleeps are pending (e.g. to know a heartbeat is waiting before advancing). */
  get sleeping(): number {
    return this.sleepers.length;
  }
}
