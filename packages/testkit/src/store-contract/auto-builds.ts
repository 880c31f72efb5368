import { describe, expect, it } from 'vitest';
import { ConflictError, newId, type AutoBuild, type Preview } from '@slipway/core';
import type { StoreSuiteContext } from './context.js';
import { at } from './fixtures.js';

/** A fresh auto build record of an app. */
function autoBuild(appId: string, branch = 'main', createdAt = at(1)): AutoBuild {
  return {
    id: newId(), app_id: appId, repo: 'https://git.example.invalid/octo/web', repo_key: 'git.example.invalid/octo/web', site: 'https://git.example.invalid',
    branch, auto_deploy: true, status_check: false, username: 'octo', hook_id: '42', secret: 'v1:sealed', created_at: createdAt, updated_at: createdAt,
  };
}

/** The auto-builds module's repositories: one hook per app, delivery ids recorded once, previews unique per PR. */
export function autoBuildsStoreSuite(ctx: StoreSuiteContext): void {
  const { tx } = ctx;
  describe('auto-builds', () => {
    it('keeps one auto build per app: put replaces it whole but its id and creation time, delete says whether it was there', async () => {
      const { a } = await ctx.seedApp();
      const first = autoBuild(a.id);
      await tx((t) => t.autoBuilds.put(first));
      expect(await ctx.store().read((t) => t.autoBuilds.get(a.id))).toEqual(first);
      const second = { ...first, branch: 'release', status_check: true, auto_deploy: false, hook_id: '43', secret: 'v1:other', updated_at: at(5) };
      await tx((t) => t.autoBuilds.put({ ...second, id: newId(), created_at: at(4) }));
      expect(await ctx.store().read((t) => t.autoBuilds.get(a.id))).toEqual(second);
      expect(await tx((t) => t.autoBuilds.delete(a.id))).toBe(true);
      expect(await tx((t) => t.autoBuilds.delete(a.id))).toBe(false);
      expect(await ctx.store().read((t) => t.autoBuilds.get(a.id))).toBeNull();
    });

    it('remembers a delivery id once per app, also when two transactions race for it', async () => {
      const { a } = await ctx.seedApp();
      const other = (await ctx.seedApp('api')).a;
      expect(await tx((t) => t.sourceDeliveries.remember(a.id, 'd-1', at(1)))).toBe(true);
      expect(await tx((t) => t.sourceDeliveries.remember(a.id, 'd-1', at(2)))).toBe(false);
      expect(await tx((t) => t.sourceDeliveries.remember(other.id, 'd-1', at(2)))).toBe(true);
      const raced = await Promise.all([1, 2, 3, 4].map(() => tx((t) => t.sourceDeliveries.remember(a.id, 'd-2', at(3)))));
      expect(raced.filter(Boolean)).toHaveLength(1);
      await tx((t) => t.sourceDeliveries.forgetApp(a.id));
      expect(await tx((t) => t.sourceDeliveries.remember(a.id, 'd-1', at(4)))).toBe(true);
      expect(await tx((t) => t.sourceDeliveries.remember(other.id, 'd-1', at(4)))).toBe(false);
    });

    it('lists previews of a source app oldest first, finds them by pull request and by app, refuses a second preview of one PR', async () => {
      const { a } = await ctx.seedApp();
      const p1 = (await ctx.seedApp('webpr2')).a;
      const p2 = (await ctx.seedApp('webpr1')).a;
      const first: Preview = { id: newId(), app_id: p1.id, source_app_id: a.id, pull_request: 2, branch: 'feature-b', app_setup_id: null, created_at: at(1), updated_at: at(1) };
      const second: Preview = { id: newId(), app_id: p2.id, source_app_id: a.id, pull_request: 1, branch: 'feature-a', app_setup_id: newId(), created_at: at(2), updated_at: at(2) };
      await tx(async (t) => {
        await t.previews.insert(second);
        await t.previews.insert(first);
      });
      const store = ctx.store();
      expect(await store.read((t) => t.previews.list(a.id))).toEqual([first, second]);
      expect(await store.read((t) => t.previews.findByPullRequest(a.id, 1))).toEqual(second);
      expect(await store.read((t) => t.previews.findByPullRequest(a.id, 3))).toBeNull();
      expect(await store.read((t) => t.previews.findByApp(p1.id))).toEqual(first);
      expect((await store.read((t) => t.previews.byApps([p2.id, a.id, p1.id]))).map((p) => p.id).sort()).toEqual([first.id, second.id].sort());
      expect(await store.read((t) => t.previews.byApps([]))).toEqual([]);
      await expect(tx((t) => t.previews.insert({ ...first, id: newId(), app_id: newId() }))).rejects.toBeInstanceOf(ConflictError);
      await tx((t) => t.previews.delete(first.id));
      expect(await store.read((t) => t.previews.list(a.id))).toEqual([second]);
      expect(await store.read((t) => t.previews.findByApp(p1.id))).toBeNull();
    });
  });
}
