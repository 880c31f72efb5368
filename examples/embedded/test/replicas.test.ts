import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecretKey } from '@slipway/core';
import { IN_CI, postgresAvailable } from '@slipway/testkit';
import { openMikroOrmStore, type MikroOrmStore } from '@slipway/store-mikroorm';
import { brokerSetting, startTestBroker, type TestBroker } from './broker.js';
import { controllers } from './process.js';
import { startReceiver, type Receiver } from './receiver.js';
import { testDatabase } from './test-server.js';

const TOKEN = 'replicas-token';
const ASYNC_PLAN = 'b1f0a7e2-1c3d-4f5a-8b6c-0d1e2f3a4b53';
const HOOKED_APPS = 8;
const WRITES = 160;
const ADDONS = 8;
const IN_FLIGHT = 16;
// Replicas share work only through PostgreSQL (SKIP LOCKED claims): required in CI, skipped with a reason elsewhere.
const pgUp = await postgresAvailable();
if (!pgUp && IN_CI) throw new Error('PostgreSQL is required in CI');

/** Runs `tasks` with at most `limit` in flight, as a load generator keeps a fixed number of requests open. */
async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]!();
      }
    }),
  );
  return out;
}

describe.runIf(pgUp)('two controller replicas on one PostgreSQL under load', () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let rx: Receiver;
  let broker: TestBroker;
  let inspect: MikroOrmStore | null = null;
  // Both replicas seal and open hook secrets and addon credentials with the one platform key.
  const secretKey = generateSecretKey();
  const { start, call, killAll } = controllers(TOKEN, () => {
    return {
      DATABASE_URL: db.url,
      SLIPWAY_RUNTIME: 'none',
      SLIPWAY_ROUTER_PORT: 'off',
      SLIPWAY_ALLOW_PRIVATE_HOOKS: '1',
      SLIPWAY_HOOK_RETRY_BASE_MS: '100',
      SLIPWAY_BROKERS: brokerSetting(broker),
      SLIPWAY_SECRET_KEY: secretKey,
      // Fewer slots than the load has busy keys (8 hooks of config changes, 8 of addon changes, 8 provisions): a slot
      // keeps its key while work keeps coming, so with 16 slots one replica could hold every key and the other idle.
      SLIPWAY_JOB_CONCURRENCY: '4',
    };
  });

  beforeAll(async () => {
    db = await testDatabase('postgres', 'slipway_replicas');
    rx = await startReceiver();
    broker = await startTestBroker(300);
  });
  afterAll(async () => {
    await killAll();
    await inspect?.close();
    await rx?.close();
    await broker?.close();
    await db?.cleanup();
  });

  it('share the jobs of writes sent to both, and run each exactly once', async () => {
    // The first replica migrates; the second starts on the migrated schema (starting both at once is covered by the store's migration lock).
    const a = await start();
    const b = await start();
    const replicas = [a, b];
    const api = async (base: string, method: string, path: string, body: unknown, want: number) => {
      const r = await call(base, method, path, body);
      if (r.status !== want) throw new Error(`${method} ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
      return r.body;
    };
    await api(a.url, 'POST', '/organizations', { name: 'acme', description: 'Acme' }, 201);
    for (let i = 0; i < HOOKED_APPS; i++) {
      await api(replicas[i % 2]!.url, 'POST', '/apps', { org: 'acme', name: `h${i}`, space: 'default' }, 201);
      await api(replicas[i % 2]!.url, 'POST', `/apps/h${i}-default/hooks`, { url: rx.url, events: ['config_change'], secret: 'k' }, 201);
    }
    for (let i = 0; i < ADDONS; i++) {
      await api(replicas[i % 2]!.url, 'POST', '/apps', { org: 'acme', name: `d${i}`, space: 'default' }, 201);
      await api(replicas[i % 2]!.url, 'POST', `/apps/d${i}-default/hooks`, { url: rx.url, events: ['addon_change'], secret: 'k' }, 201);
    }
    rx.respond = (_r, n) => ({ status: 200, delayMs: n % 5 === 0 ? 40 : 5 });

    // The load: config changes (one delivery job each) and addon creates (a provision job each), alternating replicas.
    const started = Date.now();
    const writes: Array<() => Promise<unknown>> = [];
    for (let k = 0; k < WRITES; k++) writes.push(() => api(replicas[k % 2]!.url, 'PATCH', `/apps/h${k % HOOKED_APPS}-default/config-vars`, { SEQ: String(k) }, 200));
    const addonIds: string[] = [];
    const addon = (i: number) => async () => addonIds.push((await api(replicas[(i + 1) % 2]!.url, 'POST', `/apps/d${i}-default/addons`, { plan: ASYNC_PLAN }, 201)).id);
    for (let i = 0; i < ADDONS; i++) writes.splice(i * (WRITES / ADDONS + 1), 0, addon(i));
    await pool(writes, IN_FLIGHT);
    expect(addonIds).toHaveLength(ADDONS);

    inspect = await openMikroOrmStore({ url: db.url });
    const knex = (inspect.orm.em as unknown as { getKnex(): (t: string) => any }).getKnex();
    const expected = WRITES + ADDONS;
    await expect.poll(() => rx.received.length, { timeout: 120_000, interval: 100 }).toBeGreaterThanOrEqual(expected);
    await expect
      .poll(async () => Number((await knex('jobs').whereIn('kind', ['webhook.deliver', 'addon.provision']).whereIn('state', ['queued', 'running']).count({ n: '*' }))[0].n), { timeout: 60_000, interval: 200 })
      .toBe(0);
    const elapsedMs = Date.now() - started;

    // Exactly once: as many requests as deliveries, each id once, each write's change announced by its own hook. (Order
    // per hook is not asserted here: concurrent writes to one app commit in no fixed order; the crash suite checks it.)
    const ids = rx.received.map((r) => String(r.headers['x-appkit-delivery']));
    expect(new Set(ids).size).toBe(expected);
    expect(rx.received).toHaveLength(expected);
    for (let i = 0; i < HOOKED_APPS; i++) {
      const seq = rx.received.filter((r) => r.body.action === 'config_change' && r.body.app.name === `h${i}`).map((r) => Number(r.body.config_vars.SEQ));
      expect([...seq].sort((x, y) => x - y)).toEqual(Array.from({ length: WRITES / HOOKED_APPS }, (_, j) => i + j * HOOKED_APPS));
    }
    const created = rx.received.filter((r) => r.body.action === 'addon_change').map((r) => `${r.body.change}:${r.body.changes[0].id}`);
    expect(created.sort()).toEqual(addonIds.map((id) => `create:${id}`).sort());

    // The broker provisioned each addon once and bound it once.
    expect(await broker.instances()).toEqual(addonIds.map((id) => ({ id, state: 'ready', bindings: 1 })).sort((x, y) => x.id.localeCompare(y.id)));

    // Job rows: every delivery claimed once (attempts 1) and finished; both replicas finished some of the work.
    const deliveries: Array<{ state: string; attempts: number; lease_owner: string }> = await knex('jobs').where({ kind: 'webhook.deliver' }).select('state', 'attempts', 'lease_owner');
    expect(deliveries).toHaveLength(expected);
    expect(deliveries.filter((j) => j.state !== 'succeeded' || Number(j.attempts) !== 1)).toEqual([]);
    const provisions: Array<{ state: string; lease_owner: string }> = await knex('jobs').where({ kind: 'addon.provision' }).select('state', 'lease_owner');
    expect(provisions.filter((j) => j.state !== 'succeeded')).toEqual([]);
    const share = new Map<string, number>();
    for (const j of [...deliveries, ...provisions]) share.set(j.lease_owner, (share.get(j.lease_owner) ?? 0) + 1);
    expect(share.size).toBe(2);
    expect([...share.values()].every((n) => n > 0)).toBe(true);
    const recorded: Array<{ status: string; num_attempts: number }> = await knex('hook_deliveries').select('status', 'num_attempts');
    expect(recorded.filter((d) => d.status !== 'succeeded' || Number(d.num_attempts) !== 1)).toEqual([]);
    expect(recorded).toHaveLength(expected);
    const audits = Number((await knex('audits').where({ action: 'config_change' }).count({ n: '*' }))[0].n);
    expect(audits).toBe(WRITES);
    console.log(`replicas: ${WRITES} writes + ${ADDONS} addons through 2 replicas, ${expected} deliveries in ${elapsedMs} ms; jobs finished per replica: ${[...share.values()].join(' / ')}`);
  }, 300_000);

  it('answer a read again from memory only until a write on either replica is answered', async () => {
    const a = await start();
    const b = await start();
    const api = async (base: string, method: string, path: string, body: unknown, want: number) => {
      const r = await call(base, method, path, body);
      if (r.status !== want) throw new Error(`${method} ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
      return r.body;
    };
    await api(a.url, 'POST', '/organizations', { name: 'cachers', description: 'Readers' }, 201);
    await api(a.url, 'POST', '/apps', { org: 'cachers', name: 'fresh', space: 'default' }, 201);
    for (let i = 0; i < 20; i++) {
      const [writer, reader] = i % 2 === 0 ? [a, b] : [b, a];
      // Twice, so the second answer can come from the reader's memory of the first.
      await api(reader.url, 'GET', '/apps/fresh-default', undefined, 200);
      await api(reader.url, 'GET', '/apps/fresh-default', undefined, 200);
      await api(writer.url, 'PATCH', '/apps/fresh-default', { maintenance: i % 2 === 0 }, 200);
      // At once, no polling: the write was answered, so no replica may answer what it replaced.
      expect((await api(reader.url, 'GET', '/apps/fresh-default', undefined, 200)).maintenance).toBe(i % 2 === 0);
      expect((await api(reader.url, 'GET', '/apps?space=default', undefined, 200)).find((x: { name: string }) => x.name === 'fresh').maintenance).toBe(i % 2 === 0);
    }
    // And the memory was used: each replica answered some of those reads without asking the route.
    for (const r of [a, b]) {
      const text = await (await fetch(`${r.url}/metrics`, { headers: { authorization: TOKEN } })).text();
      expect(Number(/slipway_http_response_cache_total\{result="hit"\} (\d+)/.exec(text)?.[1] ?? 0)).toBeGreaterThan(0);
    }
  }, 120_000);
});

if (!pgUp) {
  // Only reachable outside CI (a missing PostgreSQL throws in CI): say why nothing ran instead of passing silently.
  it.skip('two replicas: no PostgreSQL available', () => undefined);
}
