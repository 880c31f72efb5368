import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where the test PostgreSQL server is: `SLIPWAY_TEST_PG` or the CI default (loopback, user postgres, trust auth). */
export const TEST_PG_ADMIN_URL = process.env.SLIPWAY_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A throwaway database created for one test file. */
export interface TestDatabase {
  /** Connection URL of the new database. */
  url: string;
  /** Its name. */
  name: string;
  /** Drops it (terminating leftover connections first). */
  drop(): Promise<void>;
}

/** True when CI=true: suites whose engine is missing must then fail, not skip. */
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

/** Whether the test PostgreSQL server answers; in CI a missing server is an error, not a skip. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (err) {
    if (IN_CI) throw new Error(`PostgreSQL is required in CI but not reachable at the test server: ${(err as Error).message}`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates a uniquely named database on the test server and returns its URL and a drop function. */
export async function createTestDatabase(prefix = 'slipway_test'): Promise<TestDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
