import { describe, expect, it } from 'vitest';
import { newId, type BillingItem } from '@slipway/core';
import type { StoreSuiteContext } from './context.js';
import { at } from './fixtures.js';

/** The invoices module's repository: the billing history. */
export function invoicesStoreSuite(ctx: StoreSuiteContext): void {
  const { tx, seedApp } = ctx;
  describe('billing items', () => {
    it('closes open items by subject and by app, finds what overlaps a window within a scope, and the earliest start', async () => {
      const { o, s, a } = await seedApp('web');
      const { o: o2, s: s2, a: b } = await seedApp('api');
      const item = (app: typeof a, org: typeof o, space: typeof s, subject: string, from: number, to: number | null): BillingItem => ({
        id: newId(), kind: 'dyno', app_id: app.id, app_key: `${app.name}-${space.name}`, organization_id: org.id, organization_name: org.name,
        space_id: space.id, subject, description: `scout ${subject} dyno`, quantity: 2, price_cents: 3000, created_at: at(from), deleted_at: to === null ? null : at(to),
      });
      const old = item(a, o, s, 'web', 0, 10);
      const web = item(a, o, s, 'web', 10, null);
      const worker = item(a, o, s, 'worker', 20, null);
      const other = item(b, o2, s2, 'web', 5, null);
      await tx(async (t) => {
        for (const i of [old, web, worker, other]) await t.billingItems.insert(i);
      });
      const store = ctx.store();
      expect(await store.read((t) => t.billingItems.earliest({}))).toEqual(at(0));
      expect(await store.read((t) => t.billingItems.earliest({ organization_id: o2.id }))).toEqual(at(5));
      expect(await store.read((t) => t.billingItems.earliest({ space_id: newId() }))).toBeNull();
      expect((await store.read((t) => t.billingItems.overlapping({ organization_id: o.id }, at(11), at(100)))).map((i) => i.id)).toEqual([web.id, worker.id]);
      expect((await store.read((t) => t.billingItems.overlapping({ space_id: s.id }, at(0), at(15)))).map((i) => i.id)).toEqual([old.id, web.id]);
      expect((await store.read((t) => t.billingItems.overlapping({}, at(0), at(100)))).map((i) => i.id)).toEqual([old.id, other.id, web.id, worker.id]);
      await tx((t) => t.billingItems.close(a.id, 'dyno', 'web', at(30)));
      const afterClose = await store.read((t) => t.billingItems.overlapping({ organization_id: o.id }, at(0), at(100)));
      expect(afterClose.find((i) => i.id === web.id)!.deleted_at).toEqual(at(30));
      expect(afterClose.find((i) => i.id === old.id)!.deleted_at).toEqual(at(10));
      expect(await store.read((t) => t.billingItems.overlapping({ organization_id: o.id }, at(31), at(100)))).toEqual([worker]);
      await tx((t) => t.billingItems.closeApp(a.id, at(40)));
      expect(await store.read((t) => t.billingItems.overlapping({ organization_id: o.id }, at(41), at(100)))).toEqual([]);
      expect(await store.read((t) => t.billingItems.overlapping({ organization_id: o2.id }, at(41), at(100)))).toEqual([other]);
    });
  });
}
