import { describe, expect, it } from 'vitest';
import { KeyedMutex } from './keyed-mutex.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('KeyedMutex', () => {
  it('runs work of one key in call order, one at a time, and other keys alongside', async () => {
    const m = new KeyedMutex();
    const log: string[] = [];
    const step = (name: string) => async () => {
      log.push(`${name}:start`);
      await tick();
      log.push(`${name}:end`);
      return name;
    };
    const results = await Promise.all([m.run('a', step('a1')), m.run('a', step('a2')), m.run('b', step('b1'))]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.filter((e) => e.startsWith('a'))).toEqual(['a1:start', 'a1:end', 'a2:start', 'a2:end']);
    // b did not wait for a.
    expect(log.indexOf('b1:start')).toBeLessThan(log.indexOf('a1:end'));
    expect(m.busyKeys).toBe(0);
  });

  it('keeps going after a failure, which only its own caller sees', async () => {
    const m = new KeyedMutex();
    const failed = m.run('a', async () => {
      throw new Error('boom');
    });
    const next = m.run('a', async () => 'fine');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('fine');
  });

  it('idle() waits for everything queued', async () => {
    const m = new KeyedMutex();
    let done = 0;
    for (let i = 0; i < 3; i++) void m.run('a', async () => (await tick(), done++));
    void m.run('b', async () => Promise.reject(new Error('ignored'))).catch(() => undefined);
    await m.idle();
    expect(done).toBe(3);
  });
});
