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
 * Exponential backoff with "equal jitter" (half fixed, half random), so many drains that lost the same receiver
 * do not reconnect in lockstep, yet none retries in a tight loop.
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
    const ceiling = Math.min(this.maxMs, this.initialMs * this.factor ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 64);
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  /** Starts over after a success. */
  reset(): void {
    this.attempt = 0;
  }
}
