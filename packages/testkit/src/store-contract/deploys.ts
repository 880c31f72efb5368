import { beforeEach, describe, expect, it } from 'vitest';
import { ConcurrencyError, ConflictError, newId, type Build, type Formation, type Release, type Slug, type Store } from '@slipway/core';
import type { StoreSuiteContext } from './context.js';
import { at, page, T0 } from './fixtures.js';

/** A pending build of an app. */
function build(appId: string, createdAt = T0): Build {
  return {
    id: newId(), app_id: appId, status: 'pending',
    source: { url: 'https://example.test/src.tgz', checksum: 'sha256:00', version: 'v1', commit: null, repo: null, branch: null, org: null },
    slug_id: null, release_id: null, user_id: newId(), user_name: 'alice', user_email: 'alice@example.test', created_at: createdAt, updated_at: createdAt,
  };
}

/** A slug a build produced. */
function slug(appId: string, buildId: string): Slug {
  return { id: newId(), app_id: appId, build_id: buildId, image: `img:${buildId}`, digest: null, process_types: { web: 'node server.js' }, checksum: 'sha256:00', created_at: T0 };
}

/** Release `version` of an app. */
function release(appId: string, slugId: string, version: number): Release {
  return { id: newId(), app_id: appId, version, slug_id: slugId, description: `v${version}`, status: 'succeeded', user_id: newId(), user_email: 'a@example.test', released_at: null, created_at: at(version) };
}

/** A process type of an app. */
function formation(appId: string, type: string, quantity = 1): Formation {
  return { id: newId(), app_id: appId, type, quantity, size: 'gp2', command: null, port: type === 'web' ? 5000 : null, healthcheck: null, created_at: T0, updated_at: T0 };
}

/** The deploys module's repositories: builds, slugs, releases and formations. */
export function deploysStoreSuite(ctx: StoreSuiteContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  const { tx, seedApp } = ctx;

  describe('builds', () => {
    it('inserts, finds by id, gets only within its app, and lists in id order', async () => {
      const { a } = await seedApp('web');
      const { a: other } = await seedApp('api');
      const b1 = build(a.id, at(1));
      const b2 = build(a.id, at(2));
      await tx(async (t) => {
        await t.builds.insert(b1);
        await t.builds.insert(b2);
      });
      expect(await store.read((t) => t.builds.find(b1.id))).toEqual(b1);
      expect(await store.read((t) => t.builds.get(a.id, b2.id))).toEqual(b2);
      expect(await store.read((t) => t.builds.get(other.id, b2.id))).toBeNull();
      const ids = (await store.read((t) => t.builds.list(a.id, page()))).map((b) => b.id);
      expect(ids).toEqual([b1.id, b2.id].sort());
    });

    it('settles a build only while it is pending', async () => {
      const { a } = await seedApp();
      const b = build(a.id);
      await tx((t) => t.builds.insert(b));
      expect(await tx((t) => t.builds.settle({ ...b, status: 'stopped', updated_at: at(5) }))).toBe(true);
      expect(await tx((t) => t.builds.settle({ ...b, status: 'succeeded', updated_at: at(6) }))).toBe(false);
      expect((await store.read((t) => t.builds.find(b.id)))?.status).toBe('stopped');
    });

    it('keeps log lines in order across appends, archives finished builds\' old sources and deletes by app', async () => {
      const { a } = await seedApp();
      const builds = [build(a.id, at(1)), build(a.id, at(2)), build(a.id, at(3))];
      await tx(async (t) => {
        for (const b of builds) await t.builds.insert(b);
        await t.builds.appendLines(builds[0]!.id, ['one', 'two']);
        await t.builds.appendLines(builds[0]!.id, ['three']);
      });
      expect(await store.read((t) => t.builds.lines(builds[0]!.id))).toEqual(['one', 'two', 'three']);
      await tx(async (t) => {
        for (const b of builds) await t.builds.settle({ ...b, status: 'succeeded', updated_at: at(10) });
      });
      await tx((t) => t.builds.archiveSources(a.id, 2));
      const urls = await store.read(async (t) => Promise.all(builds.map(async (b) => (await t.builds.find(b.id))?.source.url ?? null)));
      expect(urls.filter((u) => u === null)).toHaveLength(1);
      await tx((t) => t.builds.deleteByApp(a.id));
      expect(await store.read((t) => t.builds.list(a.id, page()))).toEqual([]);
      expect(await store.read((t) => t.builds.lines(builds[0]!.id))).toEqual([]);
    });
  });

  describe('slugs and releases', () => {
    it('numbers releases per app, refuses a taken version, and tells the current one', async () => {
      const { a } = await seedApp();
      const b = build(a.id);
      const s = slug(a.id, b.id);
      const r1 = release(a.id, s.id, 1);
      const r2 = release(a.id, s.id, 2);
      await tx(async (t) => {
        await t.builds.insert(b);
        await t.slugs.insert(s);
        await t.releases.insert(r1);
        await t.releases.insert(r2);
      });
      expect(await store.read((t) => t.slugs.get(s.id))).toEqual(s);
      expect(await store.read((t) => t.releases.current(a.id))).toEqual(r2);
      expect(await store.read((t) => t.releases.get(a.id, r1.id))).toEqual(r1);
      const err = await tx((t) => t.releases.insert(release(a.id, s.id, 2))).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConcurrencyError);
      const versions = (await store.read((t) => t.releases.list(a.id, page({ order: 'desc' })))).map((r) => r.version);
      expect(versions).toEqual([2, 1]);
    });

    it('marks a release released once, and deletes releases and slugs with their app', async () => {
      const { a } = await seedApp();
      const b = build(a.id);
      const s = slug(a.id, b.id);
      const r = release(a.id, s.id, 1);
      await tx(async (t) => {
        await t.builds.insert(b);
        await t.slugs.insert(s);
        await t.releases.insert(r);
      });
      expect(await tx((t) => t.releases.markReleased(r.id, at(9)))).toBe(true);
      expect(await tx((t) => t.releases.markReleased(r.id, at(10)))).toBe(false);
      expect((await store.read((t) => t.releases.get(a.id, r.id)))?.released_at).toEqual(at(9));
      await tx(async (t) => {
        await t.releases.deleteByApp(a.id);
        await t.slugs.deleteByApp(a.id);
      });
      expect(await store.read((t) => t.releases.current(a.id))).toBeNull();
      expect(await store.read((t) => t.slugs.get(s.id))).toBeNull();
    });

    it('keeps a slug another app still releases (a promotion) when its own app is removed', async () => {
      const { a } = await seedApp('web');
      const { a: downstream } = await seedApp('api');
      const b = build(a.id);
      const s = slug(a.id, b.id);
      await tx(async (t) => {
        await t.builds.insert(b);
        await t.slugs.insert(s);
        await t.releases.insert(release(downstream.id, s.id, 1));
      });
      await tx((t) => t.slugs.deleteByApp(a.id));
      expect(await store.read((t) => t.slugs.get(s.id))).toEqual(s);
    });
  });

  describe('formations', () => {
    it('inserts one per type, refuses a second of a type, lists by type, updates and deletes', async () => {
      const { a } = await seedApp();
      const web = formation(a.id, 'web', 2);
      const worker = formation(a.id, 'worker');
      await tx(async (t) => {
        await t.formations.insert(worker);
        await t.formations.insert(web);
      });
      const err = await tx((t) => t.formations.insert(formation(a.id, 'web'))).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConflictError);
      expect((await store.read((t) => t.formations.list(a.id))).map((f) => f.type)).toEqual(['web', 'worker']);
      await tx((t) => t.formations.update({ ...web, quantity: 5, updated_at: at(3) }));
      expect((await store.read((t) => t.formations.get(a.id, 'web')))?.quantity).toBe(5);
      expect(await tx((t) => t.formations.delete(worker.id))).toBe(true);
      expect(await tx((t) => t.formations.delete(worker.id))).toBe(false);
      expect(await store.read((t) => t.formations.get(a.id, 'worker'))).toBeNull();
      await tx((t) => t.formations.deleteByApp(a.id));
      expect(await store.read((t) => t.formations.list(a.id))).toEqual([]);
    });
  });
}
