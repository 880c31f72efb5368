import { afterAll, describe, expect, it } from 'vitest';
import { newId, type Job, type Organization } from '@slipway/core';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '@slipway/testkit';
import { openMikroOrmStore, type MikroOrmStore } from './index.js';
import { writesData } from './writes-data.js';

const org = (name: string): Organization => {
  const now = new Date();
  return { id: newId(), name, description: '', created_at: now, updated_at: now };
};

const job = (): Job => {
  const now = new Date();
  return { id: newId(), kind: 'test.noop', key: newId(), payload: {}, state: 'queued', attempts: 0, run_at: now, lease_owner: null, lease_expires_at: null, last_error: null, created_at: now, updated_at: now };
};

/** The store's version now (it publishes one unless told not to). */
async function version(store: MikroOrmStore): Promise<number> {
  const v = await store.changes!.current();
  expect(v).not.toBeNull();
  return v!;
}

describe('writesData', () => {
  it('tells statements that change data an answer shows from reads and bookkeeping', () => {
    expect(writesData('select * from "apps" where "id" = ?')).toBe(false);
    expect(writesData('select * from "jobs" where "state" = ? for update skip locked')).toBe(false);
    expect(writesData('begin')).toBe(false);
    expect(writesData('commit')).toBe(false);
    expect(writesData('insert into "jobs" ("id") values (?)')).toBe(false);
    expect(writesData('update "jobs" set "state" = ? where "id" in (select "id" from "jobs" for update skip locked) returning *')).toBe(false);
    expect(writesData('delete from `seen_events` where `created_at` < ?')).toBe(false);
    expect(writesData('insert into "config_vars" ("app_id", "key") values (?, ?) on conflict ("app_id", "key") do update set "value" = excluded."value"')).toBe(true);
    expect(writesData('UPDATE apps SET maintenance = 1')).toBe(true);
    expect(writesData('delete from "apps" where "id" = ?')).toBe(true);
    expect(writesData('insert into "jobs" ("id") values (?); insert into "audits" ("id") values (?)')).toBe(true);
  });
});

describe.each(['sqlite', 'postgresql'] as const)('the data version on %s', (dialect) => {
  let db: TestDatabase | undefined;
  const opened: MikroOrmStore[] = [];
  afterAll(async () => {
    for (const s of opened) await s.close();
    await db?.drop();
  });

  async function open(trackChanges?: boolean): Promise<MikroOrmStore> {
    if (dialect === 'postgresql') {
      if (!(await postgresAvailable())) throw new Error('PostgreSQL is not reachable (set SLIPWAY_TEST_PG)');
      db ??= await createTestDatabase('slipway_changes');
    }
    const url = dialect === 'postgresql' ? db!.url : 'sqlite::memory:';
    const store = await openMikroOrmStore({ url, ...(trackChanges === undefined ? {} : { trackChanges }) });
    opened.push(store);
    return store;
  }

  it('grows once a transaction that wrote data resolves, and not for reads, bookkeeping or rollbacks', async () => {
    const store = await open();
    const v0 = await version(store);
    await store.transaction((tx) => tx.organizations.insert(org(`o-${dialect}`)));
    const v1 = await version(store);
    expect(v1).toBeGreaterThan(v0);
    await store.read((tx) => tx.organizations.find(`o-${dialect}`));
    await store.transaction((tx) => tx.jobs.enqueue(job()));
    await expect(store.transaction(async (tx) => {
      await tx.organizations.insert(org(`rolled-back-${dialect}`));
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect(await version(store)).toBe(v1);
    expect(await store.read((tx) => tx.organizations.find(`rolled-back-${dialect}`))).toBeNull();
  });

  it('grows for writes made by prepared statements, which knex never sees (a one-var upsert, an audit row)', async () => {
    const store = await open();
    const v0 = await version(store);
    await store.transaction((tx) => tx.configVars.patch({ kind: 'app', id: newId() }, { A: '1' }));
    const v1 = await version(store);
    expect(v1).toBeGreaterThan(v0);
    await store.transaction((tx) => tx.audits.insert({ id: newId(), action: 'config_change', app_id: null, app_name: null, space_name: null, username: 'u', payload: {}, created_at: new Date() }));
    const v2 = await version(store);
    expect(v2).toBeGreaterThan(v1);
    // The same outside a transaction (autocommit), and a prepared write to bookkeeping (a job's outcome) counts not.
    await store.read((tx) => tx.configVars.patch({ kind: 'app', id: newId() }, { A: '1' }));
    const v3 = await version(store);
    expect(v3).toBeGreaterThan(v2);
    const queued = job();
    await store.transaction((tx) => tx.jobs.enqueue(queued));
    const [claimed] = await store.transaction((tx) => tx.jobs.claimHeads([queued.key], [queued.kind], 'w', new Date(), new Date(Date.now() + 60_000)));
    expect(claimed?.id).toBe(queued.id);
    await store.transaction((tx) => tx.jobs.succeed([queued.id], 'w', new Date()));
    expect(await version(store)).toBe(v3);
  });

  it('is absent when the store is told not to track changes', async () => {
    const store = await open(false);
    expect(store.changes).toBeUndefined();
  });

  // Registered on PostgreSQL only (not skipped on SQLite): an SQLite file has one process.
  if (dialect === 'postgresql') it('moves on every replica sharing the database, by the time the write resolves', async () => {
    const a = await open();
    const b = await open();
    for (let i = 0; i < 5; i++) {
      const before = await version(b);
      await a.transaction((tx) => tx.organizations.insert(org(`replicated-${i}`)));
      // No waiting: B's next read of the version already sees A's answered write.
      expect(await version(b)).toBeGreaterThan(before);
    }
  });

  it('under concurrent writers and readers, each writer reads a later version after its write than before it', async () => {
    const store = await open();
    const steps = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const before = await version(store);
        await store.transaction((tx) => tx.organizations.insert(org(`burst-${dialect}-${i}`)));
        return { before, after: await version(store) };
      }),
    );
    for (const { before, after } of steps) expect(after).toBeGreaterThan(before);
  });
});
