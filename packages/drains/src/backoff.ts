import { backoffMs } from '@slipway/core';

/** Shape of a reconnect / retry backoff. */
export interface BackoffOptions {
  /** First delay in ms. Default 500. */
  initialMs?: number;
  /** Largest delay in ms. Default 30 000. */
  maxMs?: number;
  /** Growth per failed attempt. Default 2. */
  factor?: number;
}

/**
 * The attempt counter of a drain's reconnects; the delay itself is core's jittered `backoffMs` (one backoff for
 * every retry in Slipway), in its "equal jitter" form (half fixed, half random) so no drain retries in a tight loop.
 */
export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = Math.max(1, options.initialMs ?? 500);
    this.maxMs = Math.max(this.initialMs, options.maxMs ?? 30_000);
    this.factor = Math.max(1, options.factor ?? 2);
  }

  /** Delay before the next attempt; each call grows the next one up to maxMs. */
  next(): number {
    this.attempt = Math.min(this.attempt + 1, 64);
    return backoffMs(this.attempt, { baseMs: this.initialMs, capMs: this.maxMs, factor: this.factor, jitter: 0.5 });
  }

  /** Starts over after a success. */
  reset(): void {
    this.attempt = 0;
  }
}
