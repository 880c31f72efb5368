import { startInspectableBroker } from '@slipway/example-osb-postgres-broker';
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
  /** The instances the broker holds now (deprovisioned ones are gone), with how many bindings each has. */
  instances(): Promise<Array<{ id: string; state: string; bindings: number }>>;
  close(): Promise<void>;
}

/** The broker's address with its credentials and plan, as SLIPWAY_BROKERS takes it (a controller process's env). */
export function brokerSetting(broker: TestBroker): string {
  const b = new URL(broker.url);
  b.username = broker.options.username;
  b.password = broker.options.password;
  b.hash = 'example-pg';
  return b.toString();
}

/** Starts the example broker on an ephemeral loopback port (PostgreSQL is required: it is what it provisions). */
export async function startTestBroker(asyncDelayMs = 300): Promise<TestBroker> {
  const db = await createTestDatabase('slipway_addons_broker');
  const broker = await startInspectableBroker({ databaseUrl: db.url, adminUrl: TEST_PG_ADMIN_URL, asyncDelayMs });
  return {
    url: broker.url,
    options: { name: 'example-pg', url: broker.url, username: broker.username, password: broker.password, timeoutMs: 3000, pollPolicy: FAST_POLLS },
    databaseExists: (id) => broker.databaseExists(id),
    leftovers: () => broker.leftovers(),
    async instances() {
      // The broker's own bookkeeping, read from its database: what it provisioned, not what the platform believes.
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const q = 'select i.id, i.state, (select count(*)::int from osb_broker_bindings b where b.instance_id = i.id) as bindings from osb_broker_instances i order by i.id';
        return (await client.query<{ id: string; state: string; bindings: number }>(q)).rows;
      } finally {
        await client.end();
      }
    },
    async close() {
      await broker.close();
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
