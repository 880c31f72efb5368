import { beforeEach, describe, expect, it } from 'vitest';
import { newId, type Hook, type HookDelivery, type Store } from '@slipway/core';
import type { StoreSuiteContext } from './context.js';
import { at, byString, page, T0 } from './fixtures.js';

/** An active hook of an app subscribed to `events`. */
function hook(appId: string, events: string[], active = true, createdAt = T0): Hook {
  return { id: newId(), app_id: appId, url: 'https://receiver.example.test/hook', events, active, secret: 's3cret', created_at: createdAt, updated_at: createdAt };
}

/** A pending delivery of one event to one hook. */
function delivery(h: Hook, event: string): HookDelivery {
  return { id: newId(), hook_id: h.id, app_id: h.app_id, event, url: h.url, headers: { 'x-appkit-event': event }, body: `{"action":"${event}"}`, status: 'pending', num_attempts: 0, last_attempt: null, created_at: T0, updated_at: T0 };
}

/** The webhooks module's repositories: hooks and their deliveries. */
export function webhooksStoreSuite(ctx: StoreSuiteContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  const { tx, seedApp } = ctx;

  describe('hooks', () => {
    it('gets within its app, lists, finds active subscribers of an event oldest first, updates and deletes', async () => {
      const { a } = await seedApp('web');
      const { a: other } = await seedApp('api');
      const first = hook(a.id, ['release', 'build'], true, at(1));
      const second = hook(a.id, ['release'], true, at(2));
      const inactive = hook(a.id, ['release'], false, at(3));
      const elsewhere = hook(other.id, ['release']);
      await tx(async (t) => {
        for (const h of [second, first, inactive, elsewhere]) await t.hooks.insert(h);
      });
      expect(await store.read((t) => t.hooks.get(a.id, first.id))).toEqual(first);
      expect(await store.read((t) => t.hooks.get(other.id, first.id))).toBeNull();
      expect((await store.read((t) => t.hooks.list(a.id, page()))).map((h) => h.id)).toEqual([first.id, second.id, inactive.id].sort());
      expect((await store.read((t) => t.hooks.subscribed(a.id, 'release'))).map((h) => h.id)).toEqual([first.id, second.id]);
      expect((await store.read((t) => t.hooks.subscribed(a.id, 'build'))).map((h) => h.id)).toEqual([first.id]);
      await tx((t) => t.hooks.update({ ...second, events: ['build'], updated_at: at(9) }));
      expect((await store.read((t) => t.hooks.subscribed(a.id, 'build'))).map((h) => h.id).sort()).toEqual([first.id, second.id].sort());
      expect(await tx((t) => t.hooks.delete(first.id))).toBe(true);
      expect(await tx((t) => t.hooks.delete(first.id))).toBe(false);
      expect(await store.read((t) => t.hooks.get(a.id, first.id))).toBeNull();
      await tx((t) => t.hooks.deleteByApp(a.id));
      expect(await store.read((t) => t.hooks.list(a.id, page()))).toEqual([]);
      expect(await store.read((t) => t.hooks.get(other.id, elsewhere.id))).toEqual(elsewhere);
    });
  });

  describe('hook deliveries', () => {
    it('keeps the exact body and headers, records attempts, lists per hook and deletes by hook and by app', async () => {
      const { a } = await seedApp();
      const h = hook(a.id, ['release']);
      const other = hook(a.id, ['release']);
      const d1 = delivery(h, 'release');
      const d2 = delivery(h, 'release');
      const d3 = delivery(other, 'release');
      await tx(async (t) => {
        await t.hooks.insert(h);
        await t.hooks.insert(other);
        for (const d of [d1, d2, d3]) await t.hookDeliveries.insert(d);
      });
      expect(await store.read((t) => t.hookDeliveries.get(d1.id))).toEqual(d1);
      // Several at once: the found ones (upper-case ids too), none for unknown or malformed ids.
      const many = await store.read((t) => t.hookDeliveries.getMany([d3.id, d1.id.toUpperCase(), '00000000-0000-4000-8000-000000000000', 'nope', d3.id]));
      expect(many.sort((x, y) => byString(x.id, y.id))).toEqual([d1, d3].sort((x, y) => byString(x.id, y.id)));
      expect(await store.read((t) => t.hookDeliveries.getMany([]))).toEqual([]);
      const attempted: HookDelivery = {
        ...d1, status: 'succeeded', num_attempts: 1, updated_at: at(4),
        last_attempt: { request: { method: 'post', url: h.url, headers: d1.headers, body: { action: 'release' } }, response: { code: 200, headers: { 'content-type': 'text/plain' } }, status: 'succeeded', updated_at: at(4) },
      };
      expect(await tx((t) => t.hookDeliveries.update(attempted, true))).toBe(true);
      expect(await store.read((t) => t.hookDeliveries.get(d1.id))).toEqual(attempted);
      // Several rows in one statement, each with its own values (a null attempt among them); an unknown id changes nothing.
      const retried: HookDelivery = { ...d2, status: 'failed', num_attempts: 3, updated_at: at(5), last_attempt: { ...attempted.last_attempt!, status: 'failed', updated_at: at(5) } };
      const untouched: HookDelivery = { ...d3, num_attempts: 1, updated_at: at(6) };
      const ghost: HookDelivery = { ...d3, id: '00000000-0000-4000-8000-000000000000' };
      const changed = await tx((t) => t.hookDeliveries.updateMany([retried, untouched, ghost]));
      expect([...changed].sort()).toEqual([d2.id, d3.id].sort());
      expect(await store.read((t) => t.hookDeliveries.getMany([d2.id, d3.id]))).toEqual(expect.arrayContaining([retried, untouched]));
      expect((await store.read((t) => t.hookDeliveries.list(h.id, page()))).map((d) => d.id)).toEqual([d1.id, d2.id].sort());
      // Its hook gone, a delivery is written only when asked to regardless.
      await tx((t) => t.hooks.delete(h.id));
      const again = { ...attempted, num_attempts: 2 };
      expect(await tx((t) => t.hookDeliveries.update(again, true))).toBe(false);
      expect(await store.read((t) => t.hookDeliveries.get(d1.id))).toEqual(attempted);
      expect(await tx((t) => t.hookDeliveries.update(again))).toBe(true);
      expect(await store.read((t) => t.hookDeliveries.get(d1.id))).toEqual(again);
      await tx((t) => t.hookDeliveries.deleteByHook(h.id));
      expect(await store.read((t) => t.hookDeliveries.list(h.id, page()))).toEqual([]);
      expect(await store.read((t) => t.hookDeliveries.get(d3.id))).toEqual(untouched);
      await tx((t) => t.hookDeliveries.deleteByApp(a.id));
      expect(await store.read((t) => t.hookDeliveries.get(d3.id))).toBeNull();
    });

    it('removes a hook\'s settled deliveries and the named ones, and keeps its other pending ones', async () => {
      const { a } = await seedApp();
      const h = hook(a.id, ['release']);
      const other = hook(a.id, ['release']);
      const done: HookDelivery = { ...delivery(h, 'release'), status: 'failed', num_attempts: 8 };
      const settling = delivery(h, 'release');
      const queued = delivery(h, 'release');
      const elsewhere: HookDelivery = { ...delivery(other, 'release'), status: 'succeeded', num_attempts: 1 };
      await tx(async (t) => {
        await t.hooks.insert(h);
        await t.hooks.insert(other);
        await t.hookDeliveries.insert([done, settling, queued, elsewhere]);
      });
      await tx((t) => t.hooks.delete(h.id));
      await tx((t) => t.hookDeliveries.deleteSettled(h.id, [settling.id.toUpperCase(), 'nope']));
      expect((await store.read((t) => t.hookDeliveries.list(h.id, page()))).map((d) => d.id)).toEqual([queued.id]);
      expect(await store.read((t) => t.hookDeliveries.get(elsewhere.id))).toEqual(elsewhere);
      await tx((t) => t.hookDeliveries.deleteSettled('nope', []));
      expect(await store.read((t) => t.hookDeliveries.get(queued.id))).toEqual(queued);
    });
  });
}
