import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from './clock.js';

describe('systemClock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads and sleeps on the timers vitest fakes, so kernel code is testable without waiting', async () => {
    let woke = false;
    const sleeping = systemClock.sleep(60_000).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(59_999);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(systemClock.now()).toEqual(new Date('2026-01-01T00:01:00Z'));
  });

  it('wakes early, without rejecting, when its signal aborts', async () => {
    const abort = new AbortController();
    const sleeping = systemClock.sleep(60_000, abort.signal);
    abort.abort();
    await expect(sleeping).resolves.toBeUndefined();
    await expect(systemClock.sleep(60_000, abort.signal)).resolves.toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });
});
