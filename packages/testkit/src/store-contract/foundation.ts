import { beforeEach, describe, expect, it } from 'vitest';
import { ConcurrencyError, ConflictError, newId, ValidationError, type AuditEntry, type AuditFilter, type PageRequest, type Store } from '@slipway/core';
import type { StoreSuiteContext } from './context.js';
import { app, at, byString, org, page, space, T0 } from './fixtures.js';

/** The foundation's repositories: what every Store adapter implementing that module must do. */
export function foundationStoreSuite(ctx: StoreSuiteContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  const { tx, seedApp } = ctx;

  describe('organizations', () => {
    it('finds by id and by name, null when absent', async () => {
      const o = org('acme');
      await tx((t) => t.organizations.insert(o));
      expect(await store.read((t) => t.organizations.find(o.id))).toEqual(o);
      expect(await store.read((t) => t.organizations.find('acme'))).toEqual(o);
      expect(await store.read((t) => t.organizations.find('nope'))).toBeNull();
      expect(await store.read((t) => t.organizations.find(newId()))).toBeNull();
    });

    it('rejects a duplicate name or id with ConflictError', async () => {
      const o = org('acme');
      await tx((t) => t.organizations.insert(o));
      await expect(tx((t) => t.organizations.insert(org('acme')))).rejects.toBeInstanceOf(ConflictError);
      await expect(tx((t) => t.organizations.insert({ ...org('other'), id: o.id }))).rejects.toBeInstanceOf(ConflictError);
    });

    it('paginates by id and name, with start, exclusive, desc and max + 1', async () => {
      const orgs = ['delta', 'alpha', 'echo', 'charlie', 'bravo'].map(org);
      await tx(async (t) => {
        for (const o of orgs) await t.organizations.insert(o);
      });
      const ids = orgs.map((o) => o.id).sort(byString);
      const names = orgs.map((o) => o.name).sort(byString);
      const list = (p: Partial<PageRequest>) => store.read((t) => t.organizations.list(page(p)));

      expect((await list({})).map((o) => o.id)).toEqual(ids);
      expect((await list({ max: 2 })).map((o) => o.id)).toEqual(ids.slice(0, 3));
      expect((await list({ start: ids[2] })).map((o) => o.id)).toEqual(ids.slice(2));
      expect((await list({ start: ids[2], exclusive: true })).map((o) => o.id)).toEqual(ids.slice(3));
      expect((await list({ order: 'desc', max: 1 })).map((o) => o.id)).toEqual([ids[4], ids[3]]);
      expect((await list({ sort: 'name' })).map((o) => o.name)).toEqual(names);
      expect((await list({ sort: 'name', start: names[1], max: 1 })).map((o) => o.name)).toEqual(names.slice(1, 3));
      expect((await list({ sort: 'name', start: names[3], order: 'desc', exclusive: true })).map((o) => o.name))
        .toEqual(names.slice(0, 3).reverse());
    });

    it('rejects an unknown sort field with ValidationError on range', async () => {
      const err = await store.read((t) => t.organizations.list(page({ sort: 'description' }))).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).field).toBe('range');
    });
  });

  describe('spaces', () => {
    it('round-trips every field and finds by id and name', async () => {
      const s = space('prod');
      await tx((t) => t.spaces.insert(s));
      expect(await store.read((t) => t.spaces.find(s.id))).toEqual(s);
      expect(await store.read((t) => t.spaces.find('prod'))).toEqual(s);
      await expect(tx((t) => t.spaces.insert(space('prod')))).rejects.toBeInstanceOf(ConflictError);
    });

    it('updates optimistically: a stale version loses with ConcurrencyError', async () => {
      const s = space('prod');
      await tx((t) => t.spaces.insert(s));
      const v2 = { ...s, description: 'changed', compliance: [], version: 2, updated_at: at(5) };
      await tx((t) => t.spaces.update(v2));
      expect(await store.read((t) => t.spaces.find(s.id))).toEqual(v2);
      await expect(tx((t) => t.spaces.update({ ...s, description: 'stale', version: 2 }))).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(tx((t) => t.spaces.update({ ...space('ghost'), version: 2 }))).rejects.toBeInstanceOf(ConcurrencyError);
    });

    it('lists by name', async () => {
      const spaces = ['zeta', 'eta', 'theta'].map(space);
      await tx(async (t) => {
        for (const s of spaces) await t.spaces.insert(s);
      });
      const names = await store.read((t) => t.spaces.list(page({ sort: 'name', max: 1 })));
      expect(names.map((s) => s.name)).toEqual(spaces.map((s) => s.name).sort(byString).slice(0, 2));
    });
  });

  describe('apps', () => {
    it('finds one app joined with its space and organization, by id or by name within a space', async () => {
      const { o, s, a } = await seedApp();
      const view = { app: a, space: s, organization: o };
      expect(await store.read((t) => t.apps.find({ id: a.id }))).toEqual(view);
      expect(await store.read((t) => t.apps.find({ name: 'web', space: 'prod' }))).toEqual(view);
      expect(await store.read((t) => t.apps.find({ name: 'web', space: s.id }))).toEqual(view);
      expect(await store.read((t) => t.apps.find({ name: 'web', space: 'staging' }))).toBeNull();
      expect(await store.read((t) => t.apps.find({ id: newId() }))).toBeNull();
    });

    it('keeps names unique per space only', async () => {
      const { o, s } = await seedApp();
      await expect(tx((t) => t.apps.insert(app('web', s, o)))).rejects.toBeInstanceOf(ConflictError);
      const other = space('staging');
      await tx(async (t) => {
        await t.spaces.insert(other);
        await t.apps.insert(app('web', other, o));
      });
      expect((await store.read((t) => t.apps.find({ name: 'web', space: 'staging' })))?.space).toEqual(other);
    });

    it('lists views, optionally of one space, paginated by name or id', async () => {
      const { o, s, a } = await seedApp('web');
      const other = space('staging');
      const more = [app('api', s, o), app('worker', s, o), app('web', other, o)];
      await tx(async (t) => {
        await t.spaces.insert(other);
        for (const x of more) await t.apps.insert(x);
      });
      const inProd = [a, ...more.slice(0, 2)];
      const byName = await store.read((t) => t.apps.list({ space_id: s.id }, page({ sort: 'name' })));
      expect(byName.map((v) => v.app.name)).toEqual(inProd.map((x) => x.name).sort(byString));
      expect(byName.every((v) => v.space.id === s.id && v.organization.id === o.id)).toBe(true);
      const all = await store.read((t) => t.apps.list({}, page({ max: 3 })));
      expect(all.map((v) => v.app.id)).toEqual([a, ...more].map((x) => x.id).sort(byString));
      // A page starting at an id, inclusive and exclusive (what Next-Range sends), across every space.
      const ids = [a, ...more].map((x) => x.id).sort(byString);
      const from = await store.read((t) => t.apps.list({}, page({ start: ids[1]!, max: 1 })));
      expect(from.map((v) => v.app.id)).toEqual(ids.slice(1, 3));
      const after = await store.read((t) => t.apps.list({}, page({ start: ids[1]!, exclusive: true, max: 5 })));
      expect(after.map((v) => v.app.id)).toEqual(ids.slice(2));
      await expect(store.read((t) => t.apps.list({}, page({ start: 'not-an-id' })))).rejects.toMatchObject({ field: 'range' });
      const desc = await store.read((t) => t.apps.list({ space_id: s.id }, page({ order: 'desc', max: 1 })));
      expect(desc.map((v) => v.app.id)).toEqual(inProd.map((x) => x.id).sort(byString).reverse().slice(0, 2));
    });

    it('updates optimistically and deletes', async () => {
      const { a } = await seedApp();
      const v2 = { ...a, maintenance: true, released_at: at(9), description: 'the storefront', image: 'registry.test/web:v2', version: 2, updated_at: at(9) };
      await tx((t) => t.apps.update(v2));
      expect((await store.read((t) => t.apps.find({ id: a.id })))?.app).toEqual(v2);
      await expect(tx((t) => t.apps.update({ ...a, version: 2 }))).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await tx((t) => t.apps.delete(a.id))).toBe(true);
      expect(await tx((t) => t.apps.delete(a.id))).toBe(false);
      expect(await store.read((t) => t.apps.find({ id: a.id }))).toBeNull();
    });
  });

  describe('app counts and favorites', () => {
    it('counts apps per space', async () => {
      const { o, s } = await seedApp('web');
      const other = space('staging');
      const empty = space('empty');
      await tx(async (t) => {
        await t.spaces.insert(other);
        await t.spaces.insert(empty);
        await t.apps.insert(app('api', s, o));
        await t.apps.insert(app('web', other, o));
      });
      const counts = await store.read((t) => t.apps.countBySpace([s.id, other.id, empty.id, 'not-an-id']));
      expect({ ...counts, [empty.id]: counts[empty.id] ?? 0 }).toEqual({ [s.id]: 2, [other.id]: 1, [empty.id]: 0 });
      expect(await store.read((t) => t.apps.countBySpace([]))).toEqual({});
    });

    it("keeps each user's favorites once, lists them by app id, removes them and clears an app's", async () => {
      const { o, s, a } = await seedApp('web');
      const b = app('api', s, o);
      await tx((t) => t.apps.insert(b));
      expect(await tx((t) => t.favorites.add({ user_id: 'u1', app_id: a.id, created_at: T0 }))).toBe(true);
      expect(await tx((t) => t.favorites.add({ user_id: 'u1', app_id: a.id, created_at: at(1) }))).toBe(false);
      await tx(async (t) => {
        await t.favorites.add({ user_id: 'u1', app_id: b.id, created_at: T0 });
        await t.favorites.add({ user_id: 'u2', app_id: a.id, created_at: T0 });
      });
      const mine = await store.read((t) => t.favorites.list('u1', page()));
      expect(mine.map((f) => f.app_id)).toEqual([a.id, b.id].sort(byString));
      expect(mine.find((f) => f.app_id === a.id)?.created_at).toEqual(T0);
      expect((await store.read((t) => t.favorites.list('u1', page({ max: 1 })))).length).toBe(2);
      expect(await tx((t) => t.favorites.remove('u1', b.id))).toBe(true);
      expect(await tx((t) => t.favorites.remove('u1', b.id))).toBe(false);
      expect(await tx((t) => t.favorites.remove('u1', 'not-an-id'))).toBe(false);
      await tx((t) => t.favorites.clearApp(a.id));
      expect(await store.read((t) => t.favorites.list('u1', page()))).toEqual([]);
      expect(await store.read((t) => t.favorites.list('u2', page()))).toEqual([]);
    });
  });

  describe('config vars', () => {
    it('upserts, deletes on null and clears, per owner', async () => {
      const { a, s } = await seedApp();
      const appOwner = { kind: 'app', id: a.id } as const;
      const spaceOwner = { kind: 'space', id: s.id } as const;
      await tx((t) => t.configVars.patch(appOwner, { A: '1', B: '2' }));
      await tx((t) => t.configVars.patch(spaceOwner, { A: 'space' }));
      await tx((t) => t.configVars.patch(appOwner, { A: 'one', B: null, C: '3' }));
      expect(await store.read((t) => t.configVars.get(appOwner))).toEqual({ A: 'one', C: '3' });
      expect(await store.read((t) => t.configVars.get(spaceOwner))).toEqual({ A: 'space' });
      expect(await store.read((t) => t.configVars.getBoth(spaceOwner, appOwner))).toEqual([{ A: 'space' }, { A: 'one', C: '3' }]);
      expect(await store.read((t) => t.configVars.getBoth(appOwner, spaceOwner))).toEqual([{ A: 'one', C: '3' }, { A: 'space' }]);
      await tx((t) => t.configVars.clear(appOwner));
      expect(await store.read((t) => t.configVars.get(appOwner))).toEqual({});
      expect(await store.read((t) => t.configVars.get(spaceOwner))).toEqual({ A: 'space' });
    });

    it("reads an app's and its space's vars together, and nothing for an app that is not in that space", async () => {
      const { a, s } = await seedApp();
      expect(await store.read((t) => t.configVars.ofApp(a.id, s.id))).toEqual([{}, {}]);
      await tx((t) => t.configVars.patch({ kind: 'space', id: s.id }, { A: 'space', S: 's' }));
      expect(await store.read((t) => t.configVars.ofApp(a.id, s.id))).toEqual([{ A: 'space', S: 's' }, {}]);
      await tx((t) => t.configVars.patch({ kind: 'app', id: a.id }, { A: 'app', B: 'b' }));
      expect(await store.read((t) => t.configVars.ofApp(a.id, s.id))).toEqual([{ A: 'space', S: 's' }, { A: 'app', B: 'b' }]);
      // Another space's id, an unknown app, and a value that is no id at all: no app there.
      const other = await seedApp('api');
      expect(await store.read((t) => t.configVars.ofApp(a.id, other.s.id))).toBeNull();
      expect(await store.read((t) => t.configVars.ofApp(newId(), s.id))).toBeNull();
      expect(await store.read((t) => t.configVars.ofApp('not-an-id', s.id))).toBeNull();
    });

    it("patches an app's vars answering both owners' vars as they were before, and nothing for an app not in that space", async () => {
      const { a, s } = await seedApp();
      await tx((t) => t.configVars.patch({ kind: 'space', id: s.id }, { A: 'space' }));
      // One var set (a store may read and write in one statement), then several, then a delete: each answers the before.
      expect(await tx((t) => t.configVars.patchOfApp(a.id, s.id, { A: 'one' }))).toEqual([{ A: 'space' }, {}]);
      expect(await tx((t) => t.configVars.patchOfApp(a.id, s.id, { A: 'two' }))).toEqual([{ A: 'space' }, { A: 'one' }]);
      expect(await tx((t) => t.configVars.patchOfApp(a.id, s.id, { B: 'b', C: 'c' }))).toEqual([{ A: 'space' }, { A: 'two' }]);
      expect(await tx((t) => t.configVars.patchOfApp(a.id, s.id, { A: null }))).toEqual([{ A: 'space' }, { A: 'two', B: 'b', C: 'c' }]);
      expect(await store.read((t) => t.configVars.ofApp(a.id, s.id))).toEqual([{ A: 'space' }, { B: 'b', C: 'c' }]);
      const other = await seedApp('api');
      expect(await tx((t) => t.configVars.patchOfApp(a.id, other.s.id, { B: 'x' }))).toBeNull();
      expect(await tx((t) => t.configVars.patchOfApp('not-an-id', s.id, { B: 'x' }))).toBeNull();
    });

    it('commits a patch of an app with its transaction, and a refusal after it rolls the patch back', async () => {
      const { a, s } = await seedApp();
      // The patch is the transaction's: work that goes on after it and then fails undoes it. Concurrent patches of one
      // app, a key each, all land.
      const refused = await store
        .transaction(async (t) => {
          await t.configVars.patchOfApp(a.id, s.id, { GONE: 'x', ALSO: 'y' });
          throw new Error('refused');
        })
        .catch((e: unknown) => e);
      expect((refused as Error).message).toBe('refused');
      const keys = Array.from({ length: 20 }, (_, i) => `K_${i}`);
      await Promise.all(keys.map((k) => tx((t) => t.configVars.patchOfApp(a.id, s.id, { [k]: k }))));
      expect(await store.read((t) => t.configVars.ofApp(a.id, s.id))).toEqual([{}, Object.fromEntries(keys.map((k) => [k, k]))]);
    });

    it('keeps every key when 50 concurrent transactions each patch a different one', async () => {
      const { a } = await seedApp();
      const owner = { kind: 'app', id: a.id } as const;
      const keys = Array.from({ length: 50 }, (_, i) => `KEY_${i}`);
      await Promise.all(keys.map((k) => tx((t) => t.configVars.patch(owner, { [k]: `value-${k}` }))));
      expect(await store.read((t) => t.configVars.get(owner))).toEqual(Object.fromEntries(keys.map((k) => [k, `value-${k}`])));
    });
  });

  describe('features', () => {
    it('sets, overwrites and clears switches', async () => {
      const { a } = await seedApp();
      await tx(async (t) => {
        await t.features.set(a.id, 'preboot', true);
        await t.features.set(a.id, 'log-runtime-metrics', true);
        await t.features.set(a.id, 'preboot', false);
      });
      expect(await store.read((t) => t.features.get(a.id))).toEqual({ preboot: false, 'log-runtime-metrics': true });
      await tx((t) => t.features.clear(a.id));
      expect(await store.read((t) => t.features.get(a.id))).toEqual({});
    });
  });

  describe('audits', () => {
    it('filters on every field and paginates by id', async () => {
      const appId = newId();
      const entry = (action: string, appName: string | null, spaceName: string | null, username: string): AuditEntry => ({
        id: newId(), action, app_id: appName === 'web' ? appId : null, app_name: appName, space_name: spaceName,
        username, payload: { action, nested: { ok: true } }, created_at: T0,
      });
      const entries = [
        entry('create', 'web', 'prod', 'ann'),
        entry('update', 'web', 'prod', 'bob'),
        entry('create', 'api', 'prod', 'ann'),
        entry('create', null, 'dev', 'bob'),
      ];
      await tx(async (t) => {
        for (const e of entries) await t.audits.insert(e);
      });
      const ids = (xs: AuditEntry[]) => xs.map((e) => e.id);
      const expected = (pred: (e: AuditEntry) => boolean) => entries.filter(pred).map((e) => e.id).sort(byString);
      const list = (f: AuditFilter, p = page()) => store.read((t) => t.audits.list(f, p));
      expect(await list({})).toEqual([...entries].sort((x, y) => byString(x.id, y.id)));
      expect(ids(await list({ app_id: appId }))).toEqual(expected((e) => e.app_id === appId));
      expect(ids(await list({ app_name: 'web', username: 'ann' }))).toEqual(expected((e) => e.app_name === 'web' && e.username === 'ann'));
      expect(ids(await list({ space_name: 'prod' }))).toEqual(expected((e) => e.space_name === 'prod'));
      expect(ids(await list({ username: 'bob' }))).toEqual(expected((e) => e.username === 'bob'));
      const all = expected(() => true);
      expect(ids(await list({}, page({ order: 'desc', max: 1 })))).toEqual(all.slice().reverse().slice(0, 2));
      expect(ids(await list({}, page({ start: all[1], exclusive: true })))).toEqual(all.slice(2));
    });
  });

  describe('transactions', () => {
    it('rolls back everything when the function throws, and rethrows its error', async () => {
      const boom = new Error('boom');
      const o = org('acme');
      const err = await store
        .transaction(async (t) => {
          await t.organizations.insert(o);
          await t.spaces.insert(space('prod'));
          expect(await t.organizations.find(o.id)).toEqual(o);
          throw boom;
        })
        .catch((e: unknown) => e);
      expect(err).toBe(boom);
      expect(await store.read((t) => t.organizations.find(o.id))).toBeNull();
      expect(await store.read((t) => t.spaces.find('prod'))).toBeNull();
    });

    it('returns what the function returns and keeps its writes', async () => {
      const o = org('acme');
      const result = await store.transaction(async (t) => {
        await t.organizations.insert(o);
        return o.id;
      });
      expect(result).toBe(o.id);
      expect(await store.read((t) => t.organizations.find('acme'))).toEqual(o);
    });
  });
}
