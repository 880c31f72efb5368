import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { ConflictError, newId, type Organization } from '@slipway/core';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '@slipway/testkit';
import { openMikroOrmStore, type MikroOrmStore } from './index.js';

interface RawPg {
  query(config: unknown, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  connection: { stream: { _write: (...a: unknown[]) => void; _writev?: (...a: unknown[]) => void } };
}

const org = (name: string): Organization => {
  const now = new Date();
  return { id: newId(), name, description: '', created_at: now, updated_at: now };
};

describe('pipelined PostgreSQL connections', () => {
  let db: TestDatabase;
  let store: MikroOrmStore;
  /** How many socket writes the store's pooled connections made since `writes.n` was last reset. */
  const writes = { n: 0 };
  const knexClient = () => (store.orm.em as SqlEntityManager).getKnex().client as { acquireConnection(): Promise<RawPg>; releaseConnection(c: RawPg): Promise<void> };

  beforeAll(async () => {
    if (!(await postgresAvailable())) throw new Error('PostgreSQL is not reachable (set SLIPWAY_TEST_PG)');
    db = await createTestDatabase('slipway_pipeline');
    // The smallest pool, both of its connections counted: every statement below goes over a counted socket.
    store = await openMikroOrmStore({ url: db.url, poolMax: 2, trackChanges: false });
    const both = await Promise.all([knexClient().acquireConnection(), knexClient().acquireConnection()]);
    for (const conn of both) {
      const stream = conn.connection.stream;
      for (const m of ['_write', '_writev'] as const) {
        const original = stream[m];
        if (original) stream[m] = (...a: unknown[]) => (writes.n++, original.apply(stream, a));
      }
    }
    for (const conn of both) await knexClient().releaseConnection(conn);
  });

  it("sends the change feed's version bump behind the COMMIT in the same write, and none after a rollback", async () => {
    const tracked = await openMikroOrmStore({ url: db.url, poolMax: 2 });
    try {
      const client = (tracked.orm.em as SqlEntityManager).getKnex().client as { acquireConnection(): Promise<RawPg>; releaseConnection(c: RawPg): Promise<void> };
      const both = await Promise.all([client.acquireConnection(), client.acquireConnection()]);
      const counted = { n: 0 };
      for (const conn of both) {
        const stream = conn.connection.stream;
        for (const m of ['_write', '_writev'] as const) {
          const original = stream[m];
          if (original) stream[m] = (...a: unknown[]) => (counted.n++, original.apply(stream, a));
        }
      }
      for (const conn of both) await client.releaseConnection(conn);
      const before = (await tracked.changes!.current())!;
      await expect(tracked.transaction(async (tx) => {
        await tx.organizations.insert(org('pipelined-rolled-back'));
        throw new Error('no');
      })).rejects.toThrow('no');
      expect(await tracked.changes!.current()).toBe(before);
      counted.n = 0;
      await tracked.transaction((tx) => tx.organizations.insert(org('pipelined-bumped')));
      // BEGIN with the insert, then COMMIT with the bump: by the time the write resolved, the version has moved.
      expect(counted.n).toBe(2);
      expect(await tracked.changes!.current()).toBeGreaterThan(before);
    } finally {
      await tracked.close();
    }
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('sends the statements issued in one turn in one socket write, and answers each with its own rows', async () => {
    const c = await knexClient().acquireConnection();
    try {
      writes.n = 0;
      const [a, b, n] = await Promise.all([
        c.query('select 1 as v'),
        c.query({ text: 'select $1::int + 1 as v', values: [2] }),
        c.query({ name: 'slipway_test_pipeline', text: 'select $1::text as v', values: ['named'] }),
      ]);
      expect([a.rows[0]!.v, b.rows[0]!.v, n.rows[0]!.v]).toEqual([1, 3, 'named']);
      expect(writes.n).toBe(1);
    } finally {
      await knexClient().releaseConnection(c);
    }
  });

  it('sends a transaction\'s BEGIN with its first statements, and commits what they wrote', async () => {
    writes.n = 0;
    await store.transaction((tx) => Promise.all([tx.organizations.insert(org('pipelined-a')), tx.organizations.insert(org('pipelined-b'))]));
    // BEGIN and both inserts, then COMMIT: two writes where waiting for each answer took four.
    expect(writes.n).toBe(2);
    const found = await store.read((tx) => Promise.all([tx.organizations.find('pipelined-a'), tx.organizations.find('pipelined-b')]));
    expect(found.map((o) => o?.name)).toEqual(['pipelined-a', 'pipelined-b']);
  });

  it('rolls back the whole transaction when one of its side-by-side statements fails, and the connection serves on', async () => {
    await store.transaction((tx) => tx.organizations.insert(org('pipelined-taken')));
    const failed = store.transaction((tx) => Promise.all([tx.organizations.insert(org('pipelined-lost')), tx.organizations.insert(org('pipelined-taken'))]));
    await expect(failed).rejects.toBeInstanceOf(ConflictError);
    expect(await store.read((tx) => tx.organizations.find('pipelined-lost'))).toBeNull();
    await store.transaction((tx) => tx.organizations.insert(org('pipelined-after')));
    expect((await store.read((tx) => tx.organizations.find('pipelined-after')))?.name).toBe('pipelined-after');
  });
});
