import { describe, expect, it } from 'vitest';
import { Batcher, eachAlone, type BatchResult } from './batcher.js';

/** A batch function that records each batch and holds it until released. */
function recording() {
  const batches: number[][] = [];
  const gates: Array<() => void> = [];
  const batcher = new Batcher<number, number>(async (items) => {
    batches.push(items);
    await new Promise<void>((r) => gates.push(r));
    return items.map((i): BatchResult<number> => (i < 0 ? { ok: false, error: new Error(`bad ${i}`) } : { ok: true, value: i * 10 }));
  }, 3);
  return { batches, batcher, release: () => gates.shift()?.() };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('Batcher', () => {
  it('with `microtask`, sends items submitted by one synchronous loop once that code ran, before the turn ends', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number, number>(async (items) => (batches.push(items), items.map((i) => ({ ok: true, value: -i }))), 64, 'microtask');
    const answers = [1, 2, 3].map((i) => batcher.submit(i));
    expect(batches).toEqual([]);
    await Promise.resolve();
    expect(batches).toEqual([[1, 2, 3]]);
    expect(await Promise.all(answers)).toEqual([-1, -2, -3]);
  });

  it('sends what arrives in one turn as one batch, and what arrives meanwhile as the next', async () => {
    const { batches, batcher, release } = recording();
    const first = [batcher.submit(1), batcher.submit(2)];
    await tick();
    expect(batches).toEqual([[1, 2]]);
    // While the first batch runs, later items wait for it, then go together (at most 3 per batch).
    const later = [3, 4, 5, 6].map((i) => batcher.submit(i));
    await tick();
    expect(batches).toEqual([[1, 2]]);
    release();
    expect(await Promise.all(first)).toEqual([10, 20]);
    await tick();
    expect(batches).toEqual([[1, 2], [3, 4, 5]]);
    release();
    await tick();
    await tick();
    expect(batches).toEqual([[1, 2], [3, 4, 5], [6]]);
    release();
    expect(await Promise.all(later)).toEqual([30, 40, 50, 60]);
  });

  it('fails only the item whose result is a failure, and every item when the batch throws', async () => {
    const { batcher, release } = recording();
    const ok = batcher.submit(1);
    const bad = batcher.submit(-1);
    await tick();
    release();
    expect(await ok).toBe(10);
    await expect(bad).rejects.toThrow('bad -1');

    const throwing = new Batcher<number, number>(async () => {
      throw new Error('store down');
    });
    const all = [throwing.submit(1), throwing.submit(2)];
    for (const p of all) await expect(p).rejects.toThrow('store down');
    // A failed batch does not wedge the next one.
    const after = new Batcher<number, number>(async (items) => items.map((i) => ({ ok: true as const, value: i })));
    expect(await after.submit(7)).toBe(7);
  });

  it('eachAlone runs items one by one and keeps each failure to its own item', async () => {
    const results = await eachAlone([1, 2, 3], async (i) => {
      if (i === 2) throw new Error('two');
      return i;
    });
    expect(results[0]).toEqual({ ok: true, value: 1 });
    expect(results[1]).toMatchObject({ ok: false });
    expect((results[1] as { error: Error }).error.message).toBe('two');
    expect(results[2]).toEqual({ ok: true, value: 3 });
  });
});
