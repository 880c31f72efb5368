import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, newId, type Site, type SiteRoute, type Store } from '@slipway/core';
import type { StoreSuiteContext } from './context.js';
import { at, page, T0 } from './fixtures.js';

/** A fresh site. */
function site(domain: string, createdAt = T0): Site {
  return { id: newId(), domain, region: 'local', internal: false, created_at: createdAt, updated_at: createdAt };
}

/** A fresh route of a site to an app. */
function siteRoute(siteId: string, appId: string, source: string, target = '/'): SiteRoute {
  return { id: newId(), site_id: siteId, app_id: appId, source_path: source, target_path: target, created_at: T0, updated_at: T0 };
}

/** The router module's repositories: sites (unique domains) and their routes. */
export function routerStoreSuite(ctx: StoreSuiteContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  const { tx, seedApp } = ctx;

  describe('sites', () => {
    it('finds by id or domain, lists in order of id or domain, refuses a taken domain and deletes', async () => {
      const a = site('www.example.test', at(1));
      const b = site('api.example.test', at(2));
      await tx(async (t) => {
        await t.sites.insert(a);
        await t.sites.insert(b);
      });
      expect(await store.read((t) => t.sites.find(a.id))).toEqual(a);
      expect(await store.read((t) => t.sites.find('www.example.test'))).toEqual(a);
      expect(await store.read((t) => t.sites.find('nope.example.test'))).toBeNull();
      expect((await store.read((t) => t.sites.list(page({ sort: 'domain' })))).map((s) => s.domain)).toEqual(['api.example.test', 'www.example.test']);
      expect((await store.read((t) => t.sites.list(page()))).map((s) => s.id)).toEqual([a.id, b.id].sort());
      await expect(tx((t) => t.sites.insert(site('www.example.test')))).rejects.toBeInstanceOf(ConflictError);
      await tx((t) => t.sites.delete(a.id));
      expect(await store.read((t) => t.sites.find(a.id))).toBeNull();
      expect(await store.read((t) => t.sites.find(b.id))).toEqual(b);
    });
  });

  describe('site routes', () => {
    it('lists by site in path order and by app, refuses a second route of one path, deletes one, by site and by app', async () => {
      const { a } = await seedApp('web');
      const { a: other } = await seedApp('api');
      const s1 = site('one.example.test');
      const s2 = site('two.example.test');
      const root = siteRoute(s1.id, a.id, '/');
      const api = siteRoute(s1.id, other.id, '/api', '/v1');
      const elsewhere = siteRoute(s2.id, a.id, '/shop');
      await tx(async (t) => {
        await t.sites.insert(s1);
        await t.sites.insert(s2);
        for (const r of [api, root, elsewhere]) await t.siteRoutes.insert(r);
      });
      expect(await store.read((t) => t.siteRoutes.get(api.id))).toEqual(api);
      expect((await store.read((t) => t.siteRoutes.bySite(s1.id))).map((r) => r.source_path)).toEqual(['/', '/api']);
      expect((await store.read((t) => t.siteRoutes.byApp(a.id))).map((r) => r.id)).toEqual([root.id, elsewhere.id].sort());
      await expect(tx((t) => t.siteRoutes.insert(siteRoute(s1.id, a.id, '/api')))).rejects.toBeInstanceOf(ConflictError);
      await tx((t) => t.siteRoutes.delete(api.id));
      expect(await store.read((t) => t.siteRoutes.get(api.id))).toBeNull();
      await tx((t) => t.siteRoutes.deleteByApp(a.id));
      expect(await store.read((t) => t.siteRoutes.bySite(s1.id))).toEqual([]);
      await tx((t) => t.siteRoutes.insert(siteRoute(s2.id, other.id, '/x')));
      await tx((t) => t.siteRoutes.deleteBySite(s2.id));
      expect(await store.read((t) => t.siteRoutes.bySite(s2.id))).toEqual([]);
    });
  });
}
