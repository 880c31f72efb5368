import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { Bookkeeping } from './bookkeeping.js';
import { PostgresBroker } from './broker.js';
import { createHttpApp } from './http.js';
import { Provisioner } from './provisioner.js';

export { PLANS, SERVICE, catalogDocument } from './catalog.js';
export { PROVISION_FAILURES, BIND_FAILURES } from './failures.js';
export { instanceNames, bindingRole } from './provisioner.js';

/** How to run the example broker. */
export interface BrokerOptions {
  /** PostgreSQL server (and database) to provision on; the broker's own tables live in this database. */
  databaseUrl: string;
  /** Basic-auth credentials platforms must present. */
  username: string;
  password: string;
  /** Port to listen on; 0 picks a free one. */
  port?: number;
  /** Interface to listen on; all interfaces when left out. */
  host?: string;
  /** Prefix of created databases and roles (lowercase letters, digits, underscores). */
  prefix?: string;
  /** How long async operations take. */
  asyncDelayMs?: number;
  /** Host apps should use in DATABASE_URLs, when it differs from the one in `databaseUrl`. */
  publicHost?: string;
  /** Request log sink; defaults to stdout. */
  log?: (line: string) => void;
}

/** A running broker. */
export interface RunningBroker {
  /** Base URL of the broker (no credentials). */
  url: string;
  port: number;
  /** Stops listening, ends stalled answers and closes the database pool. */
  close(): Promise<void>;
}

/** Starts the broker: creates its tables, then listens. */
export async function startBroker(options: BrokerOptions): Promise<RunningBroker> {
  const prefix = options.prefix ?? 'osb';
  if (!/^[a-z][a-z0-9_]{0,23}$/.test(prefix)) throw new Error('prefix must be 1-24 lowercase letters, digits or underscores');
  if (!options.username || !options.password) throw new Error('username and password are required');
  const adminUrl = new URL(options.databaseUrl);
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 5 });
  const book = new Bookkeeping(pool);
  await book.migrate().catch(async (err: unknown) => {
    await pool.end();
    throw err;
  });
  const provisioner = new Provisioner(pool, adminUrl, options.publicHost ?? adminUrl.hostname, adminUrl.port || '5432');
  const broker = new PostgresBroker(book, provisioner, { prefix, asyncDelayMs: options.asyncDelayMs ?? 2000 });
  const shutdown = new AbortController();
  const log = options.log ?? ((line: string) => console.log(line));
  // An idle pooled connection dropped by the server must not crash the broker; the next query reconnects.
  pool.on('error', (err) => log(`database connection lost: ${err.message}`));
  const app = createHttpApp(broker, { username: options.username, password: options.password, log, shutdown: shutdown.signal });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port ?? 0, options.host, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    async close() {
      shutdown.abort();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await pool.end();
    },
  };
}
export { startInspectableBroker, type InspectableBroker } from './inspectable.js';
