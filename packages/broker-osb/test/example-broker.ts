import { startInspectableBroker } from '@slipway/example-osb-postgres-broker';
import { createTestDatabase, TEST_PG_ADMIN_URL } from '@slipway/testkit';
import type { PollPolicy } from '@slipway/core';
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
  const broker = await startInspectableBroker({ databaseUrl: db.url, adminUrl: TEST_PG_ADMIN_URL, asyncDelayMs });
  return {
    url: broker.url,
    client: (overrides = {}) =>
      osbBroker({ name: 'example-pg', url: broker.url, username: broker.username, password: broker.password, timeoutMs: 5000, pollPolicy: FAST_POLLS, ...overrides }),
    databaseExists: (id) => broker.databaseExists(id),
    leftovers: () => broker.leftovers(),
    async close() {
      await broker.close();
      await db.drop();
    },
  };
}
