import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pollUntil } from './poll-until.js';

describe('pollUntil', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('checks right away, then every interval, until done', async () => {
    let checks = 0;
    const result = pollUntil(() => ++checks === 3, { timeoutMs: 10_000, intervalMs: 250 });
    await vi.advanceTimersByTimeAsync(500);
    await expect(result).resolves.toBe(true);
    expect(checks).toBe(3);
  });

  it('gives up at the timeout with false, having checked at the deadline', async () => {
    let checks = 0;
    const result = pollUntil(() => (checks++, false), { timeoutMs: 1_000, intervalMs: 300 });
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(result).resolves.toBe(false);
    // 0, 300, 600, 900 and the deadline itself.
    expect(checks).toBe(5);
  });

  it('stops early when its signal aborts, and passes errors of the check on', async () => {
    const abort = new AbortController();
    const result = pollUntil(() => false, { timeoutMs: 60_000, intervalMs: 1_000, signal: abort.signal });
    await vi.advanceTimersByTimeAsync(1_500);
    abort.abort();
    await expect(result).resolves.toBe(false);
    await expect(pollUntil(() => Promise.reject(new Error('api down')), { timeoutMs: 1_000, intervalMs: 100 })).rejects.toThrow('api down');
  });

  it('looks again sooner when the check says when (a number), never later than the interval', async () => {
    const at: number[] = [];
    const started = Date.now();
    // Not yet: again in 40 ms, then in 10 s (capped to the 250 ms interval), then done.
    const answers: Array<boolean | number> = [40, 10_000, true];
    const result = pollUntil(() => (at.push(Date.now() - started), answers.shift()!), { timeoutMs: 10_000, intervalMs: 250 });
    await vi.advanceTimersByTimeAsync(300);
    await expect(result).resolves.toBe(true);
    expect(at).toEqual([0, 40, 290]);
  });
});
