// The databases a bench run measures on: an SQLite file in a temp dir always, PostgreSQL whenever the test
// server answers (SLIPWAY_TEST_PG; required when CI=true, as in the tests).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, postgresAvailable } from '../../packages/testkit/dist/index.js';

/** Display names of the store kinds. */
export const STORE_LABEL = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

/** The store kinds this machine can bench (those BENCH_STORES names, when set); prints a note when PostgreSQL is left out. */
export async function availableStores() {
  const wanted = process.env.BENCH_STORES?.trim() ? process.env.BENCH_STORES.split(',').map((w) => w.trim()) : null;
  if (wanted && !wanted.includes('postgres')) return ['sqlite'].filter((k) => wanted.includes(k));
  if (await postgresAvailable()) return ['sqlite', 'postgres'].filter((k) => !wanted || wanted.includes(k));
  process.stderr.write('PostgreSQL not reachable (SLIPWAY_TEST_PG): its figures are left out.\n');
  return ['sqlite'];
}

/** A fresh, empty database of that kind: its URL and how to remove it. */
export async function freshDatabase(kind, prefix = 'slipway_bench') {
  if (kind === 'postgres') {
    const db = await createTestDatabase(prefix);
    return { databaseUrl: db.url, drop: () => db.drop() };
  }
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { databaseUrl: `sqlite:${join(dir, 'bench.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}
