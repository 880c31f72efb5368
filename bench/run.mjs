// `npm run bench`: Slipway's API beside a bare koa + plain-driver baseline, on SQLite and PostgreSQL.
// Prints requests/s and p99 latency of both and their ratio. Options (env): BENCH_SECONDS (default 5),
// BENCH_CONNECTIONS (default 16), SLIPWAY_TEST_PG (PostgreSQL admin URL; skipped if unreachable).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startEmbedded } from '../examples/embedded/dist/server.js';
import { createTestDatabase, postgresAvailable } from '../packages/testkit/dist/index.js';
import { startBaseline } from './baseline.mjs';
import { benchWebhookFanout } from './webhooks.mjs';
import { benchReleaseToRunning } from './deploys.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const TOKEN = 'bench-token';
const APPS = 1000;

/** Runs autocannon against one URL and returns requests/s and p99 latency. */
async function load(url, { method = 'GET', body, headers = {} } = {}) {
  let i = 0;
  const result = await autocannon({
    url,
    method,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    requests: body ? [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(body(i++)) }) }] : undefined,
  });
  const bad = result.non2xx + result.errors;
  if (bad > 0) throw new Error(`${method} ${url}: ${result.errors} errors, ${result.timeouts} timeouts, status codes ${JSON.stringify(result.statusCodeStats)}`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

/** Creates the org, space and 1,000 apps the scenarios read. */
async function seed(base) {
  const call = async (method, path, body) => {
    const r = await fetch(base + path, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  };
  await call('POST', '/organizations', { name: 'bench', description: 'bench' });
  await call('POST', '/spaces', { name: 'perf' });
  for (let start = 0; start < APPS; start += 25) {
    await Promise.all(Array.from({ length: Math.min(25, APPS - start) }, (_, k) => call('POST', '/apps', { org: 'bench', name: `app${start + k}`, space: 'perf' })));
  }
}

const scenarios = [
  { name: 'GET /apps/{app}', path: '/apps/app500-perf' },
  { name: `GET /apps (${APPS} apps)`, path: '/apps' },
  { name: 'PATCH /apps/{app}/config-vars', path: '/apps/app7-perf/config-vars', method: 'PATCH', body: (i) => ({ [`K${i % 50}`]: `v${i}` }) },
];

async function benchStore(kind) {
  let databaseUrl;
  let cleanup;
  if (kind === 'postgres') {
    const db = await createTestDatabase('slipway_bench');
    databaseUrl = db.url;
    cleanup = () => db.drop();
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'slipway-bench-'));
    databaseUrl = `sqlite:${join(dir, 'bench.db')}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  const slipway = await startEmbedded({ port: 0, host: '127.0.0.1', databaseUrl, token: TOKEN, tokenGenerated: false, username: 'bench', logLevel: 'warn', allowPrivateHooks: true });
  const slipwayUrl = slipway.url.replace('localhost', '127.0.0.1');
  const rows = [];
  try {
    await seed(slipwayUrl);
    hookRows.push({ store: kind, ...(await benchWebhookFanout(slipwayUrl, TOKEN)) });
    const baseline = await startBaseline(databaseUrl);
    try {
      for (const s of scenarios) {
        const ours = await load(slipwayUrl + s.path, s);
        const base = await load(baseline.url + s.path, s);
        rows.push({ store: kind, scenario: s.name, slipway_rps: Math.round(ours.rps), slipway_p99_ms: ours.p99, baseline_rps: Math.round(base.rps), baseline_p99_ms: base.p99, ratio: +(ours.rps / base.rps).toFixed(2) });
      }
    } finally {
      await baseline.close();
    }
  } finally {
    await slipway.close();
    await cleanup();
  }
  return rows;
}

const kinds = ['sqlite', ...((await postgresAvailable().catch(() => false)) ? ['postgres'] : [])];
const all = [];
const hookRows = [];
for (const kind of kinds) all.push(...(await benchStore(kind)));
console.log(`\nSlipway vs bare koa + plain driver (${SECONDS}s per run, ${CONNECTIONS} connections)`);
console.table(all);
console.log('\nWebhook fan-out: one config change at a time to an app with 10 hooks on a local receiver');
console.table(hookRows);
if (!kinds.includes('postgres')) console.log('PostgreSQL not reachable: PostgreSQL rows skipped.');
const deployRow = await benchReleaseToRunning();
if (deployRow) {
  console.log('\nDeploy latency on Docker: POST /releases answered -> every web dyno of the release running and ready');
  console.table([deployRow]);
}
