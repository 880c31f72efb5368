import { randomBytes } from 'node:crypto';
import { instanceNames, startBroker } from '@slipway/example-osb-postgres-broker';
import type { OsbBrokerOptions } from '@slipway/broker-osb';
import { createTestDatabase, TEST_PG_ADMIN_URL } from '@slipway/testkit';
import type { PollPolicy } from '@slipway/core';
import pg from 'pg';

/** Quick polling for tests; the broker's Retry-After still wins. */
export const FAST_POLLS: PollPolicy = { initialDelayMs: 100, factor: 1.5, maxDelayMs: 500, minDelayMs: 50, maxDurationMs: 30_000 };

/** The example OSB broker running in this process on its own test database. */
export interface TestBroker {
  url: string;
  /** Options the embedded host takes to use it. */
  options: OsbBrokerOptions;
  /** Whether the instance's database exists on the server. */
  databaseExists(instanceId: string): Promise<boolean>;
  /** Databases and roles the broker created that still exist. */
  leftovers(): Promise<string[]>;
  close(): Promise<void>;
}

/** Starts the example broker on an ephemeral loopback port (PostgreSQL is required: it is what it provisions). */
export async function startTestBroker(asyncDelayMs = 300): Promise<TestBroker> {
  const db = await createTestDatabase('slipway_addons_broker');
  const prefix = `osbe_${randomBytes(4).toString('hex')}`;
  const username = 'platform';
  const password = randomBytes(16).toString('hex');
  const running = await startBroker({ databaseUrl: db.url, username, password, port: 0, host: '127.0.0.1', prefix, asyncDelayMs, log: () => undefined });
  const admin = new pg.Pool({ connectionString: TEST_PG_ADMIN_URL, max: 2 });
  const leftovers = async () => {
    const r = await admin.query<{ name: string }>(
      `select datname as name from pg_database where datname like $1 union all select rolname from pg_roles where rolname like $1`,
      [`${prefix}\\_%`],
    );
    return r.rows.map((x) => x.name);
  };
  return {
    url: running.url,
    options: { name: 'example-pg', url: running.url, username, password, timeoutMs: 3000, pollPolicy: FAST_POLLS },
    async databaseExists(instanceId) {
      const r = await admin.query('select 1 from pg_database where datname = $1', [instanceNames(prefix, instanceId).db]);
      return r.rowCount === 1;
    },
    leftovers,
    async close() {
      await running.close();
      const dbs = await admin.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${prefix}\\_%`]);
      for (const { datname } of dbs.rows) await admin.query(`drop database if exists ${pg.escapeIdentifier(datname)} with (force)`);
      const roles = await admin.query<{ rolname: string }>('select rolname from pg_roles where rolname like $1', [`${prefix}\\_%`]);
      for (const { rolname } of roles.rows) await admin.query(`drop role if exists ${pg.escapeIdentifier(rolname)}`).catch(() => undefined);
      await admin.end();
      await db.drop();
    },
  };
}

/** Connects with a DATABASE_URL, writes and reads a row: proves the credentials work for real. */
export async function useDatabase(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('create table if not exists probe (v text)');
    await client.query("insert into probe values ('ok')");
    return (await client.query<{ v: string }>('select v from probe limit 1')).rows[0]!.v;
  } finally {
    await client.end();
  }
}
