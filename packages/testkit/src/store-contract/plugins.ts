import { describe, expect, it } from 'vitest';
import { ConflictError, newId, type Plugin } from '@slipway/core';
import type { StoreSuiteContext } from './context.js';
import { at, page, T0 } from './fixtures.js';

/** A fresh plugin record. */
function plugin(name: string, createdAt = T0): Plugin {
  return { id: newId(), name, description: `the ${name} plugin`, owner_name: 'Owner', owner_email: 'owner@example.com', repo: `https://git.example.test/${name}`, created_at: createdAt, updated_at: createdAt };
}

/** The plugins module's repository: a platform-wide registry with unique names. */
export function pluginsStoreSuite(ctx: StoreSuiteContext): void {
  const { tx } = ctx;
  describe('plugins', () => {
    it('finds by id or exact name, lists by id and name, updates, deletes, and refuses a taken name', async () => {
      const a = plugin('beta', at(1));
      const b = plugin('alpha', at(2));
      await tx(async (t) => {
        await t.plugins.insert(a);
        await t.plugins.insert(b);
      });
      const store = ctx.store();
      expect(await store.read((t) => t.plugins.find(a.id))).toEqual(a);
      expect(await store.read((t) => t.plugins.find('alpha'))).toEqual(b);
      expect(await store.read((t) => t.plugins.find('gamma'))).toBeNull();
      expect((await store.read((t) => t.plugins.list(page()))).map((p) => p.id)).toEqual([a.id, b.id].sort());
      expect((await store.read((t) => t.plugins.list(page({ sort: 'name' })))).map((p) => p.name)).toEqual(['alpha', 'beta']);
      await expect(tx((t) => t.plugins.insert(plugin('alpha')))).rejects.toBeInstanceOf(ConflictError);
      const revised = { ...a, repo: 'https://git.example.test/other', owner_name: 'New', owner_email: 'new@example.com', description: 'd', updated_at: at(9) };
      await tx((t) => t.plugins.update(revised));
      expect(await store.read((t) => t.plugins.find(a.id))).toEqual(revised);
      await tx((t) => t.plugins.delete(a.id));
      expect(await store.read((t) => t.plugins.find(a.id))).toBeNull();
      expect(await store.read((t) => t.plugins.find(b.id))).toEqual(b);
    });
  });
}
