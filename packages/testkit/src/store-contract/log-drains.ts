import { describe, expect, it } from 'vitest';
import { ConflictError, newId, type LogDrain } from '@slipway/core';
import type { StoreSuiteContext } from './context.js';
import { at, page, T0 } from './fixtures.js';

/** A fresh drain of an app. */
function drain(appId: string, url: string, createdAt = T0): LogDrain {
  const redacted = url.replace(/:[^:@/]+@/, ':***@');
  return { id: newId(), app_id: appId, url, redacted, token: `d.${newId()}`, created_at: createdAt, updated_at: createdAt };
}

/** The log drains module's repository. */
export function logDrainsStoreSuite(ctx: StoreSuiteContext): void {
  const { tx, seedApp } = ctx;
  describe('log drains', () => {
    it('keeps the URL with its credentials, derives the masked one, lists per app and in all, refuses a URL twice per app, deletes', async () => {
      const { a } = await seedApp('web');
      const { a: other } = await seedApp('api');
      const first = drain(a.id, 'syslog+tls://logs.example.test:6514', at(1));
      const second = drain(a.id, 'https://user:secret@logs.example.test/drain', at(2));
      const elsewhere = drain(other.id, 'syslog+tls://logs.example.test:6514');
      await tx(async (t) => {
        for (const d of [first, second, elsewhere]) await t.logDrains.insert(d);
      });
      const store = ctx.store();
      expect(await store.read((t) => t.logDrains.get(a.id, second.id))).toEqual(second);
      expect((await store.read((t) => t.logDrains.get(a.id, second.id)))!.redacted).toBe('https://user:***@logs.example.test/drain');
      expect(await store.read((t) => t.logDrains.get(other.id, first.id))).toBeNull();
      expect(await store.read((t) => t.logDrains.get(a.id, 'not-an-id'))).toBeNull();
      expect((await store.read((t) => t.logDrains.list(a.id, page()))).map((d) => d.id)).toEqual([first.id, second.id].sort());
      expect((await store.read((t) => t.logDrains.all())).map((d) => d.id).sort()).toEqual([first.id, second.id, elsewhere.id].sort());
      await expect(tx((t) => t.logDrains.insert(drain(a.id, first.url)))).rejects.toBeInstanceOf(ConflictError);
      await tx((t) => t.logDrains.delete(first.id));
      expect(await store.read((t) => t.logDrains.get(a.id, first.id))).toBeNull();
      await tx((t) => t.logDrains.deleteByApp(a.id));
      expect(await store.read((t) => t.logDrains.list(a.id, page()))).toEqual([]);
      expect(await store.read((t) => t.logDrains.all())).toEqual([elsewhere]);
    });
  });
}
