import { randomBytes } from 'node:crypto';
import { instanceNames, startBroker } from '@slipway/example-osb-postgres-broker';
import { createTestDatabase, TEST_PG_ADMIN_URL } from '@slipway/testkit';
import type { PollPolicy } from '@slipway/core';
import pg from 'pg';
import { osbBroker, type OsbBroker, type OsbBrokerOptions } from '../src/index.js';

/** Quick polling for tests; Retry-After from the broker still wins. */
export const FAST_POLLS: PollPolicy = { initialDelayMs: 100, factor: 1.5, maxDelayMs: 1000, minDelayMs: 50, maxDurationMs: 30_000 };

/** The example broker running in this process on a fresh database, plus ways to look behind it. */
export interface ExampleBroker {
  url: string;
  /** A client for it; overrides change timeouts, version, credentials. */
  client(overrides?: Partial<OsbBrokerOptions>): OsbBroker;
  /** Whether the instance's database exists on the server. */
  databaseExists(instanceId: string): Promise<boolean>;
  /** Databases and roles the broker created that still exist. */
  leftovers(): Promise<string[]>;
  close(): Promise<void>;
}

/** Starts the example broker in process on an ephemeral loopback port with its own test database. */
export async function startExampleBroker(asyncDelayMs = 300): Promise<ExampleBroker> {
  const db = await createTestDatabase('slipway_osb');
  const prefix = `osbt_${randomBytes(4).toString('hex')}`;
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
    client: (overrides = {}) =>
      osbBroker({ name: 'example-pg', url: running.url, username, password, timeoutMs: 5000, pollPolicy: FAST_POLLS, ...overrides }),
    async databaseExists(instanceId) {
      const r = await admin.query('select 1 from pg_database where datname = $1', [instanceNames(prefix, instanceId).db]);
      return r.rowCount === 1;
    },
    leftovers,
    async close() {
      await running.close();
      // Whatever a failed test left behind goes, so the shared server stays clean.
      const names = await leftovers();
      const dbs = await admin.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${prefix}\\_%`]);
      for (const { datname } of dbs.rows) await admin.query(`drop database if exists ${pg.escapeIdentifier(datname)} with (force)`);
      for (const name of names) await admin.query(`drop role if exists ${pg.escapeIdentifier(name)}`).catch(() => undefined);
      await admin.end();
      await db.drop();
    },
  };
}
