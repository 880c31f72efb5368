import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startBroker, type RunningBroker } from './index.js';
import { instanceNames } from './provisioner.js';

/** A broker started with random credentials and prefix, plus views of what it left on the server. */
export interface InspectableBroker extends RunningBroker {
  username: string;
  password: string;
  /** Whether the instance's database exists on the server. */
  databaseExists(instanceId: string): Promise<boolean>;
  /** Databases and roles it created that still exist. */
  leftovers(): Promise<string[]>;
  /** Stops it and drops whatever it left (so a failed test leaves the shared server clean). */
  close(): Promise<void>;
}

/**
 * Starts the broker on an ephemeral loopback port for tests of platforms that use it: its own
 * databases and roles carry a random prefix, so `leftovers()` proves a clean-up and `close()` sweeps.
 */
export async function startInspectableBroker(options: { databaseUrl: string; adminUrl: string; asyncDelayMs?: number }): Promise<InspectableBroker> {
  const prefix = `osbt_${randomBytes(4).toString('hex')}`;
  const username = 'platform';
  const password = randomBytes(16).toString('hex');
  const running = await startBroker({ databaseUrl: options.databaseUrl, username, password, port: 0, host: '127.0.0.1', prefix, asyncDelayMs: options.asyncDelayMs ?? 300, log: () => undefined });
  const admin = new pg.Pool({ connectionString: options.adminUrl, max: 2 });
  const like = [`${prefix}\\_%`];
  const leftovers = async () =>
    (await admin.query<{ name: string }>('select datname as name from pg_database where datname like $1 union all select rolname from pg_roles where rolname like $1', like)).rows.map((x) => x.name);
  return {
    ...running,
    username,
    password,
    async databaseExists(instanceId) {
      return (await admin.query('select 1 from pg_database where datname = $1', [instanceNames(prefix, instanceId).db])).rowCount === 1;
    },
    leftovers,
    async close() {
      await running.close();
      const dbs = await admin.query<{ datname: string }>('select datname from pg_database where datname like $1', like);
      for (const { datname } of dbs.rows) await admin.query(`drop database if exists ${pg.escapeIdentifier(datname)} with (force)`);
      const roles = await admin.query<{ rolname: string }>('select rolname from pg_roles where rolname like $1', like);
      for (const { rolname } of roles.rows) await admin.query(`drop role if exists ${pg.escapeIdentifier(rolname)}`).catch(() => undefined);
      await admin.end();
    },
  };
}
