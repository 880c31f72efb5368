/** Shape of a retry backoff: every retry delay in Slipway (jobs, deliveries, deploys, reconnects) is computed by `backoffMs`. */
export interface BackoffShape {
  /** Ceiling of the first attempt's delay in ms; default 1 000. */
  baseMs?: number;
  /** Largest delay in ms; default 300 000 (5 minutes). */
  capMs?: number;
  /** Growth of the ceiling per attempt; default 2. */
  factor?: number;
  /** Shortest delay in ms, for callers that must never retry in a tight loop (reconnects); default 0. */
  minMs?: number;
  /**
   * Share of the ceiling that is random; default 1 (full jitter). 0.5 ("equal jitter") keeps at least half of
   * each ceiling, for retries whose total window matters (a deploy waiting for dynos to get ready).
   */
  jitter?: number;
  /** Uniform random source in [0, 1); tests pass a fixed one. Default Math.random. */
  random?: () => number;
}

/**
 * "Full jitter" exponential backoff (a uniformly random delay between `minMs` and the capped exponential ceiling
 * of attempt `attempt`, counted from 1): workers that failed together spread out instead of retrying in lockstep,
 * and it needs no state between attempts, so a durable job computes it from its attempt count alone.
 */
export function backoffMs(attempt: number, shape: BackoffShape = {}): number {
  const base = Math.max(0, shape.baseMs ?? 1000);
  const cap = Math.max(base, shape.capMs ?? 300_000);
  const factor = Math.max(1, shape.factor ?? 2);
  const min = Math.min(cap, Math.max(0, shape.minMs ?? 0));
  const exponent = Math.min(Math.max(0, attempt - 1), 64);
  const ceiling = Math.max(min, Math.min(cap, base * factor ** exponent));
  const r = Math.min(Math.max((shape.random ?? Math.random)(), 0), 1);
  const jitter = Math.min(Math.max(shape.jitter ?? 1, 0), 1);
  const floor = Math.max(min, ceiling * (1 - jitter));
  return Math.round(floor + r * (ceiling - floor));
}
