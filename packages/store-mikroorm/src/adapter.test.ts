import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ConflictError, newId, ValidationError, type App, type Organization, type Space, type StoreTx } from '@slipway/core';
import { createTestDatabase, postgresAvailable } from '@slipway/testkit';
import { migrationsList, openMikroOrmStore, parseStoreUrl } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'slipway-adapter-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** SQLite always; PostgreSQL when reachable (required in CI). */
async function targets() {
  const list: Array<{ name: string; url: string; drop: () => Promise<void> }> = [
    { name: 'sqlite', url: 'sqlite::memory:', drop: async () => undefined },
  ];
  if (await postgresAvailable()) {
    const db = await createTestDatabase('slipway_adapter');
    list.push({ name: 'postgresql', url: db.url, drop: db.drop });
  }
  return list;
}

const org = (name: string): Organization => {
  const now = new Date();
  return { id: newId(), name, description: '', created_at: now, updated_at: now };
};

describe('parseStoreUrl', () => {
  it('reads SQLite files (relative to the cwd), memory and PostgreSQL URLs', () => {
    expect(parseStoreUrl('sqlite:data/x.db')).toEqual({ dialect: 'sqlite', file: resolve('data/x.db') });
    expect(parseStoreUrl('sqlite:///var/x.db')).toEqual({ dialect: 'sqlite', file: '/var/x.db' });
    expect(parseStoreUrl('sqlite::memory:')).toEqual({ dialect: 'sqlite', file: ':memory:' });
    expect(parseStoreUrl('postgresql://u@h/db')).toEqual({ dialect: 'postgresql', url: 'postgresql://u@h/db' });
    expect(() => parseStoreUrl('mysql://u:secret@h/db')).toThrow(ValidationError);
    expect(() => parseStoreUrl('mysql://u:secret@h/db')).not.toThrow(/secret/);
  });
});

describe('openMikroOrmStore on SQLite', () => {
  it('prepares BEGIN, COMMIT and ROLLBACK once per connection, and they keep working across transactions', async () => {
    const sqlite3 = createRequire(import.meta.url)('sqlite3') as { Database: { prototype: { prepare(sql: string): unknown } } };
    const prepare = vi.spyOn(sqlite3.Database.prototype, 'prepare');
    try {
      const store = await openMikroOrmStore({ url: 'sqlite::memory:' });
      const names = Array.from({ length: 6 }, (_, i) => `tx-${i}`);
      for (const [i, name] of names.entries()) {
        const write = store.transaction(async (t) => {
          await t.organizations.insert(org(name));
          if (i % 2) throw new Error('refused');
        });
        if (i % 2) await expect(write).rejects.toThrow('refused');
        else await write;
      }
      const kept = await store.read(async (t) => Promise.all(names.map((n) => t.organizations.find(n))));
      expect(kept.map((o) => o?.name ?? null)).toEqual(['tx-0', null, 'tx-2', null, 'tx-4', null]);
      const control = prepare.mock.calls.map(([sql]) => sql).filter((sql) => ['BEGIN;', 'COMMIT;', 'ROLLBACK'].includes(sql));
      expect(control.sort()).toEqual(['BEGIN;', 'COMMIT;', 'ROLLBACK']);
      await store.close();
    } finally {
      prepare.mockRestore();
    }
  });

  it('opens an in-memory store', async () => {
    const store = await openMikroOrmStore({ url: 'sqlite::memory:' });
    const o = org('mem');
    await store.transaction((t) => t.organizations.insert(o));
    expect(await store.read((t) => t.organizations.find('mem'))).toEqual(o);
    await store.close();
  });

  it('keeps data across reopen, applies migrations once, and runs in WAL mode', async () => {
    const url = `sqlite:${join(dir, 'reopen.db')}`;
    const o = org('kept');
    const first = await openMikroOrmStore({ url });
    await first.transaction((t) => t.organizations.insert(o));
    await first.close();
    const second = await openMikroOrmStore({ url });
    expect(await second.read((t) => t.organizations.find('kept'))).toEqual(o);
    const knex = second.orm.em.getKnex();
    expect(await knex('slipway_migrations').count({ n: '*' })).toEqual([{ n: migrationsList.length }]);
    expect(await knex.raw('pragma journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    await second.close();
  });

  it('rejects invalid options', async () => {
    await expect(openMikroOrmStore({ url: 'redis://h' })).rejects.toBeInstanceOf(ValidationError);
    await expect(openMikroOrmStore({ url: 'sqlite::memory:', poolMax: 0 })).rejects.toMatchObject({ field: 'poolMax' });
  });
});

describe.each(await targets())('error translation on $name', ({ url, drop }) => {
  afterAll(drop);

  it('names what clashed in a ConflictError without echoing values', async () => {
    const store = await openMikroOrmStore({ url });
    const now = new Date();
    const space: Space = {
      id: newId(), name: 'prod', description: '', compliance: [], stack: 's', state: 'allocated', version: 1,
      created_at: now, updated_at: now,
    };
    const o = org('dup');
    const a: App = {
      id: newId(), name: 'web', space_id: space.id, organization_id: o.id, owner_id: 'u', owner_email: 'u@example.com',
      maintenance: false, released_at: null, version: 1, created_at: now, updated_at: now,
    };
    await store.transaction(async (t) => {
      await t.organizations.insert(o);
      await t.spaces.insert(space);
      await t.apps.insert(a);
    });
    const clash = (fn: (t: StoreTx) => Promise<void>): Promise<Error> =>
      store.transaction(fn).then(
        () => new Error('expected a conflict'),
        (e: unknown) => e as Error,
      );
    const byName = await clash((t) => t.organizations.insert(org('dup')));
    expect(byName).toBeInstanceOf(ConflictError);
    expect(byName.message).toBe('an organization with this name already exists');
    const sameApp = await clash((t) => t.apps.insert({ ...a, id: newId() }));
    expect(sameApp.message).toBe('an app with this name already exists in this space');
    const sameId = await clash((t) => t.organizations.insert({ ...org('other'), id: o.id }));
    expect(sameId.message).toBe('a record with this id already exists in organizations');
    await store.close();
  });
});

describe.each(await targets())('writes handed to commitWith on $name', ({ name, url, drop }) => {
  afterAll(drop);

  it('commit with the transaction when they succeed, and roll all of it back with their own error when one fails', async () => {
    const store = await openMikroOrmStore({ url });
    try {
      const first = org('trailing-a');
      const second = org('trailing-b');
      await store.transaction(async (t) => {
        await t.organizations.insert(first);
        t.commitWith!(t.organizations.insert(second));
      });
      expect((await store.read((t) => t.organizations.find(second.name)))?.id).toBe(second.id);
      // One that clashes (the name is taken): the rest of its transaction, written before and after it, is gone too.
      const before = org('trailing-c');
      const after = org('trailing-d');
      const failed = await store
        .transaction(async (t) => {
          await t.organizations.insert(before);
          t.commitWith!(t.organizations.insert(org('trailing-a')));
          t.commitWith!(t.organizations.insert(after));
          return 'answered';
        })
        .catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(ConflictError);
      expect((failed as Error).message).toMatch(/name/);
      for (const o of [before, after]) expect(await store.read((t) => t.organizations.find(o.name))).toBeNull();
      // Work that fails after handing a write over: the write goes with the rollback. PostgreSQL runs a connection's
      // statements in the order sent, so the ROLLBACK follows a write that was issued. SQLite runs them in no set
      // order, so it waits for the write's answer: there the write waits before it issues its statement, which makes
      // a rollback that did not wait for it certain to come first (and the write would land on its own).
      const late = org('trailing-late');
      const refused = await store
        .transaction(async (t) => {
          const write = name === 'sqlite' ? new Promise((r) => setTimeout(r, 30)).then(() => t.organizations.insert(late)) : t.organizations.insert(late);
          t.commitWith!(write);
          throw new Error('refused');
        })
        .catch((e: unknown) => e);
      expect((refused as Error).message).toBe('refused');
      expect(await store.read((t) => t.organizations.find(late.name))).toBeNull();
      // The connection is fine afterwards.
      const later = org('trailing-e');
      await store.transaction((t) => t.organizations.insert(later));
      expect((await store.read((t) => t.organizations.find(later.name)))?.id).toBe(later.id);
    } finally {
      await store.close();
    }
  });
});
