import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConcurrencyError,
  ConflictError,
  newId,
  ValidationError,
  type App,
  type AuditEntry,
  type AuditFilter,
  type Job,
  type Organization,
  type PageRequest,
  type Space,
  type Store,
  type StoreTx,
} from '@slipway/core';

/** A fresh, empty store and how to dispose of it. */
export interface StoreFixture {
  store: Store;
  teardown(): Promise<void>;
}

/** Guarantees beyond the port's minimum that a driver may declare to run the tests that need them. */
export interface StoreCapabilities {
  /** Claimers in concurrent open transactions pass over each other's locked jobs (SKIP LOCKED). */
  skipLocked?: boolean;
}

const T0 = new Date('2030-01-01T00:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const page = (p: Partial<PageRequest> = {}): PageRequest => ({ sort: 'id', exclusive: false, max: 100, order: 'asc', ...p });
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function org(name: string): Organization {
  return { id: newId(), name, description: `the ${name} org`, created_at: T0, updated_at: T0 };
}

function space(name: string): Space {
  return {
    id: newId(), name, description: '', compliance: ['hipaa', 'pci'], stack: 'ds1', state: 'allocated',
    version: 1, created_at: T0, updated_at: T0,
  };
}

function app(name: string, s: Space, o: Organization): App {
  return {
    id: newId(), name, space_id: s.id, organization_id: o.id, owner_id: newId(), owner_email: 'o@example.com',
    maintenance: false, released_at: null, version: 1, created_at: T0, updated_at: at(1),
  };
}

function job(kind: string, key: string, createdAt: Date, runAt = createdAt): Job {
  return {
    id: newId(), kind, key, payload: { n: createdAt.getTime() }, state: 'queued', attempts: 0, run_at: runAt,
    lease_owner: null, lease_expires_at: null, last_error: null, created_at: createdAt, updated_at: createdAt,
  };
}

/**
 * The behaviour every Store adapter must show. Call it from an adapter's test file with a factory
 * that builds a fresh, empty store per test.
 */
export function storeContract(
  name: string,
  factory: () => Promise<StoreFixture>,
  capabilities: StoreCapabilities = {},
): void {
  describe(`Store contract: ${name}`, () => {
    let fixture: StoreFixture;
    let store: Store;
    const tx = <T>(fn: (t: StoreTx) => Promise<T>): Promise<T> => store.transaction(fn);

    beforeEach(async () => {
      fixture = await factory();
      store = fixture.store;
    });
    afterEach(async () => {
      await fixture.teardown();
    });

    /** An org, a space and an app in it, committed. */
    async function seedApp(appName = 'web') {
      const o = org('acme');
      const s = space('prod');
      const a = app(appName, s, o);
      await store.transaction(async (t) => {
        await t.organizations.insert(o);
        await t.spaces.insert(s);
        await t.apps.insert(a);
      });
      return { o, s, a };
    }

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
        const desc = await store.read((t) => t.apps.list({ space_id: s.id }, page({ order: 'desc', max: 1 })));
        expect(desc.map((v) => v.app.id)).toEqual(inProd.map((x) => x.id).sort(byString).reverse().slice(0, 2));
      });

      it('updates optimistically and deletes', async () => {
        const { a } = await seedApp();
        const v2 = { ...a, maintenance: true, released_at: at(9), version: 2, updated_at: at(9) };
        await tx((t) => t.apps.update(v2));
        expect((await store.read((t) => t.apps.find({ id: a.id })))?.app).toEqual(v2);
        await expect(tx((t) => t.apps.update({ ...a, version: 2 }))).rejects.toBeInstanceOf(ConcurrencyError);
        await tx((t) => t.apps.delete(a.id));
        expect(await store.read((t) => t.apps.find({ id: a.id }))).toBeNull();
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
        await tx((t) => t.configVars.clear(appOwner));
        expect(await store.read((t) => t.configVars.get(appOwner))).toEqual({});
        expect(await store.read((t) => t.configVars.get(spaceOwner))).toEqual({ A: 'space' });
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

    describe('jobs', () => {
      const lease = at(60);

      it('enqueues, claims the oldest due job of the given kinds, and saves under the lease', async () => {
        const later = job('build', 'k2', at(1));
        const first = job('build', 'k1', at(0));
        const notDue = job('build', 'k3', at(0), at(3600));
        const otherKind = job('deliver', 'k4', at(-10));
        await tx(async (t) => {
          for (const j of [later, first, notDue, otherKind]) await t.jobs.enqueue(j);
        });
        expect(await store.read((t) => t.jobs.get(first.id))).toEqual(first);

        const claimed = await tx((t) => t.jobs.claim(['build'], 'w1', at(10), lease));
        expect(claimed).toEqual({ ...first, state: 'running', attempts: 1, lease_owner: 'w1', lease_expires_at: lease, updated_at: at(10) });
        expect(await store.read((t) => t.jobs.get(first.id))).toEqual(claimed);

        const done = { ...(claimed as Job), state: 'succeeded' as const, lease_owner: null, lease_expires_at: null, updated_at: at(11) };
        await tx((t) => t.jobs.save(done, 'w1'));
        expect(await store.read((t) => t.jobs.get(first.id))).toEqual(done);

        expect((await tx((t) => t.jobs.claim(['build'], 'w1', at(12), lease)))?.id).toBe(later.id);
        expect(await tx((t) => t.jobs.claim(['build'], 'w1', at(13), lease))).toBeNull();
        expect((await tx((t) => t.jobs.claim(['build'], 'w1', at(3600), at(3700))))?.id).toBe(notDue.id);
        expect(await tx((t) => t.jobs.claim([], 'w1', at(3600), at(3700)))).toBeNull();
      });

      it('lets another worker reclaim a job whose lease expired; the old holder then loses its save', async () => {
        const j = job('build', 'k', at(0));
        await tx((t) => t.jobs.enqueue(j));
        const first = (await tx((t) => t.jobs.claim(['build'], 'w1', at(1), at(30)))) as Job;
        expect(await tx((t) => t.jobs.claim(['build'], 'w2', at(29), at(90)))).toBeNull();
        const second = await tx((t) => t.jobs.claim(['build'], 'w2', at(31), at(90)));
        expect(second).toMatchObject({ id: j.id, lease_owner: 'w2', attempts: 2 });
        await expect(tx((t) => t.jobs.save({ ...first, state: 'succeeded' }, 'w1'))).rejects.toBeInstanceOf(ConcurrencyError);
        await tx((t) => t.jobs.save({ ...(second as Job), state: 'failed', last_error: 'boom' }, 'w2'));
        expect(await store.read((t) => t.jobs.get(j.id))).toMatchObject({ state: 'failed', last_error: 'boom', lease_owner: 'w2' });
      });

      it('runs jobs with the same key one at a time, oldest first', async () => {
        const a1 = job('build', 'app-a', at(0));
        const a2 = job('deliver', 'app-a', at(1));
        const b1 = job('build', 'app-b', at(2));
        await tx(async (t) => {
          for (const j of [a2, b1, a1]) await t.jobs.enqueue(j);
        });
        const kinds = ['build', 'deliver'];
        const claim = () => tx((t) => t.jobs.claim(kinds, 'w', at(10), lease));
        const c1 = await claim();
        expect(c1?.id).toBe(a1.id);
        expect((await claim())?.id).toBe(b1.id);
        expect(await claim()).toBeNull();
        await tx((t) => t.jobs.save({ ...(c1 as Job), state: 'succeeded' }, 'w'));
        expect((await claim())?.id).toBe(a2.id);
        expect((await store.read((t) => t.jobs.byKey('build', 'app-a'))).map((j) => j.id)).toEqual([a1.id]);
        expect((await store.read((t) => t.jobs.byKey('deliver', 'app-a'))).map((j) => j.state)).toEqual(['running']);
      });

      it('never hands one job to two of 8 concurrent claimers', async () => {
        const jobs = Array.from({ length: 40 }, (_, i) => job('build', `key-${i}`, at(i)));
        await tx(async (t) => {
          for (const j of jobs) await t.jobs.enqueue(j);
        });
        const claimed: string[] = [];
        const worker = async (w: number) => {
          // A null can only mean "nothing left"; the bound keeps a broken driver from spinning forever.
          for (let misses = 0; claimed.length < jobs.length && misses < 20; ) {
            const j = await tx((t) => t.jobs.claim(['build'], `w${w}`, at(100), at(200)));
            if (j) claimed.push(j.id);
            else misses++;
          }
        };
        await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
        expect(claimed.slice().sort(byString)).toEqual(jobs.map((j) => j.id).sort(byString));
      });

      if (capabilities.skipLocked) {
        it('lets a claimer pass over a job another open transaction holds (SKIP LOCKED)', async () => {
          const jobs = [job('build', 'x', at(0)), job('build', 'y', at(1))];
          await tx(async (t) => {
            for (const j of jobs) await t.jobs.enqueue(j);
          });
          let release!: () => void;
          const held = new Promise<void>((r) => (release = r));
          let claimedFirst!: (id: string | undefined) => void;
          const firstClaimed = new Promise<string | undefined>((r) => (claimedFirst = r));
          const holder = tx(async (t) => {
            claimedFirst((await t.jobs.claim(['build'], 'w1', at(10), lease))?.id);
            await held;
          });
          expect(await firstClaimed).toBe(jobs[0]!.id);
          const second = await tx((t) => t.jobs.claim(['build'], 'w2', at(10), lease));
          release();
          await holder;
          expect(second?.id).toBe(jobs[1]!.id);
        });
      }
    });

    describe('seen events', () => {
      it('remembers a key once: the first caller gets true, every later one false', async () => {
        expect(await tx((t) => t.seenEvents.remember('crashed:a:H10:web.1:t0', at(0)))).toBe(true);
        expect(await tx((t) => t.seenEvents.remember('crashed:a:H10:web.1:t0', at(1)))).toBe(false);
        expect(await tx((t) => t.seenEvents.remember('crashed:a:H10:web.1:t1', at(1)))).toBe(true);
      });

      it('lets exactly one of 8 concurrent callers win a key, without failing the others', async () => {
        const results = await Promise.all(Array.from({ length: 8 }, () => tx((t) => t.seenEvents.remember('crashed:race', at(0)))));
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('keeps its transaction usable when the key is taken', async () => {
        await tx((t) => t.seenEvents.remember('k', at(0)));
        const o = org('after');
        await tx(async (t) => {
          expect(await t.seenEvents.remember('k', at(0))).toBe(false);
          await t.organizations.insert(o);
        });
        expect(await store.read((t) => t.organizations.find('after'))).toEqual(o);
      });

      it('forgets keys recorded before a time', async () => {
        await tx((t) => t.seenEvents.remember('old', at(0)));
        await tx((t) => t.seenEvents.remember('new', at(100)));
        expect(await tx((t) => t.seenEvents.forget(at(50)))).toBe(1);
        expect(await tx((t) => t.seenEvents.remember('old', at(200)))).toBe(true);
        expect(await tx((t) => t.seenEvents.remember('new', at(200)))).toBe(false);
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
  });
}
