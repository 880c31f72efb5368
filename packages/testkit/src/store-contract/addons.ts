import { beforeEach, describe, expect, it } from 'vitest';
import { ConcurrencyError, ConflictError, newId, type Addon, type AddonAttachment, type Store } from '@slipway/core';
import type { StoreSuiteContext } from './context.js';
import { at, page, T0 } from './fixtures.js';

/** A provisioned addon owned by an app. */
function addon(appId: string, name: string, plan = 'plan-small'): Addon {
  return {
    id: newId(), name, app_id: appId, broker: 'osb', service_id: 'svc-pg', service_name: 'postgresql', plan_id: plan, plan_name: 'small',
    price_cents: 500, state: 'provisioned', state_description: '', failure_code: null, binding_id: null, credentials: null, created_at: T0, updated_at: T0, version: 1,
  };
}

/** An attachment of an addon to an app. */
function attachment(a: Addon, appId: string, name: string, owner: boolean, createdAt = T0): AddonAttachment {
  return { id: newId(), addon_id: a.id, app_id: appId, name, primary: owner, owner, service_id: a.service_id, created_at: createdAt, updated_at: createdAt };
}

/** The addons module's repositories: addons and attachments. */
export function addonsStoreSuite(ctx: StoreSuiteContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  const { tx, seedApp } = ctx;

  describe('addons', () => {
    it('finds by id or name, refuses a taken name, filters lists and updates under a version', async () => {
      const { a } = await seedApp('web');
      const { a: other } = await seedApp('api');
      const pg = addon(a.id, 'pg-one');
      const big = addon(a.id, 'pg-two', 'plan-big');
      const theirs = addon(other.id, 'pg-three');
      await tx(async (t) => {
        for (const x of [pg, big, theirs]) await t.addons.insert(x);
      });
      expect(await store.read((t) => t.addons.find(pg.id))).toEqual(pg);
      expect(await store.read((t) => t.addons.find('pg-two'))).toEqual(big);
      expect(await tx((t) => t.addons.insert(addon(other.id, 'pg-one'))).catch((e: unknown) => e)).toBeInstanceOf(ConflictError);
      expect((await store.read((t) => t.addons.list({ app_id: a.id }, page()))).map((x) => x.id)).toEqual([pg.id, big.id].sort());
      expect((await store.read((t) => t.addons.list({ plan_id: 'plan-big' }, page()))).map((x) => x.id)).toEqual([big.id]);
      const deprovisioning = { ...pg, state: 'deprovisioning' as const, version: 2, updated_at: at(3) };
      await tx((t) => t.addons.update(deprovisioning));
      expect((await store.read((t) => t.addons.list({ app_id: a.id, exclude: ['deprovisioning'] }, page()))).map((x) => x.id)).toEqual([big.id]);
      expect(await tx((t) => t.addons.update({ ...pg, version: 2 })).catch((e: unknown) => e)).toBeInstanceOf(ConcurrencyError);
      // Reports whether it removed the row, so a delete that lost a race can tell.
      expect(await tx((t) => t.addons.delete(pg.id))).toBe(true);
      expect(await tx((t) => t.addons.delete(pg.id))).toBe(false);
      expect(await store.read((t) => t.addons.find(pg.id))).toBeNull();
    });
  });

  describe('addon attachments', () => {
    it('refuses a second attachment of one addon or name per app, lists by app and addon, updates and deletes', async () => {
      const { a } = await seedApp('web');
      const { a: other } = await seedApp('api');
      const pg = addon(a.id, 'pg-one');
      const owner = attachment(pg, a.id, 'pg-one', true, at(1));
      const shared = attachment(pg, other.id, 'shared-db', false, at(2));
      await tx(async (t) => {
        await t.addons.insert(pg);
        await t.addonAttachments.insert(owner);
        await t.addonAttachments.insert(shared);
      });
      expect(await tx((t) => t.addonAttachments.insert(attachment(pg, other.id, 'again', false))).catch((e: unknown) => e)).toBeInstanceOf(ConflictError);
      expect(await store.read((t) => t.addonAttachments.get(owner.id))).toEqual(owner);
      expect((await store.read((t) => t.addonAttachments.byAddon(pg.id))).map((x) => x.id)).toEqual([owner.id, shared.id]);
      expect((await store.read((t) => t.addonAttachments.byApp(other.id))).map((x) => x.id)).toEqual([shared.id]);
      expect((await store.read((t) => t.addonAttachments.list(a.id, {}, page()))).map((x) => x.id)).toEqual([owner.id]);
      expect(await store.read((t) => t.addonAttachments.list(a.id, { owner: false }, page()))).toEqual([]);
      const renamed = { ...shared, name: 'renamed', primary: true, updated_at: at(5) };
      await tx((t) => t.addonAttachments.update(renamed));
      expect(await store.read((t) => t.addonAttachments.get(shared.id))).toEqual(renamed);
      expect(await tx((t) => t.addonAttachments.delete(shared.id))).toBe(true);
      expect(await tx((t) => t.addonAttachments.delete(shared.id))).toBe(false);
      expect(await store.read((t) => t.addonAttachments.byApp(other.id))).toEqual([]);
    });
  });
}
