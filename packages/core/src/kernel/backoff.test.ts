import { describe, expect, it } from 'vitest';
import { backoffMs } from './backoff.js';

describe('backoffMs', () => {
  it('draws a delay below a ceiling that doubles per attempt and stops at the cap (full jitter)', () => {
    const top = () => 1;
    expect([1, 2, 3, 4, 12].map((a) => backoffMs(a, { baseMs: 1000, capMs: 5000, random: top }))).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(backoffMs(3, { baseMs: 1000, random: () => 0.25 })).toBe(1000);
    expect(backoffMs(3, { baseMs: 1000, random: () => 0 })).toBe(0);
  });

  it('keeps a floor when asked, and survives absurd attempt counts', () => {
    expect(backoffMs(1, { baseMs: 500, minMs: 250, random: () => 0 })).toBe(250);
    expect(backoffMs(1, { baseMs: 500, minMs: 250, random: () => 0.5 })).toBe(375);
    expect(backoffMs(10_000, { random: () => 1 })).toBe(300_000);
    expect(backoffMs(0, { random: () => 1 })).toBe(1000);
  });

  it('keeps the fixed share of each ceiling that `jitter` leaves (equal jitter at 0.5)', () => {
    expect(backoffMs(3, { baseMs: 1000, jitter: 0.5, random: () => 0 })).toBe(2000);
    expect(backoffMs(3, { baseMs: 1000, jitter: 0.5, random: () => 1 })).toBe(4000);
  });
});
