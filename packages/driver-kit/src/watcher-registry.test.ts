import { describe, expect, it } from 'vitest';
import { WatcherRegistry } from './watcher-registry.js';

class TestWatcher {
  stopped = 0;
  async stop(): Promise<void> {
    this.stopped++;
  }
}

describe('WatcherRegistry', () => {
  it('opens watchers, lets each subscription close its own, and closes the rest on closeAll', async () => {
    const reg = new WatcherRegistry<TestWatcher>();
    const [a, b] = [new TestWatcher(), new TestWatcher()];
    const subA = await reg.add(a, async () => undefined);
    await reg.add(b, async () => undefined);
    expect([...reg]).toEqual([a, b]);
    await subA.close();
    expect(a.stopped).toBe(1);
    expect([...reg]).toEqual([b]);
    await reg.closeAll();
    expect(b.stopped).toBe(1);
    expect(reg.size).toBe(0);
  });

  it('forgets and stops a watcher whose start failed, and rethrows', async () => {
    const reg = new WatcherRegistry<TestWatcher>();
    const w = new TestWatcher();
    await expect(reg.add(w, async () => Promise.reject(new Error('engine down')))).rejects.toThrow('engine down');
    expect(reg.size).toBe(0);
    expect(w.stopped).toBe(1);
  });
});
