// `npm run bench`: Slipway's API against bare koa + plain-driver baselines, on SQLite and PostgreSQL, then every
// row script in bench/rows/. This process only orchestrates: each server under test runs in a child process of
// its own, and autocannon runs in yet another (bench/load.mjs), one run at a time, each started only once the
// server finished the previous run's requests.
// Prints one table (figure, Slipway, baseline, ratio, goal) and writes it to bench/results/latest.json.
// Exits non-zero on errors (any non-2xx answer, any timeout, a server that did not drain), not on a missed goal.
// Besides req/s, each figure records the server process's CPU time per request (CPU ratio: baseline's over
// Slipway's), which a loaded machine skews far less than throughput.
// Options (env): BENCH_SECONDS (5), BENCH_WARMUP_SECONDS (1), BENCH_CONNECTIONS (20), BENCH_ROWS (row scripts
// to run, comma-separated file names; all by default, "none" for none), BENCH_STORES (sqlite,postgres: which stores),
// BENCH_ONLY (which figures, comma-separated Slipway load names: app, patch, list; none for none), SLIPWAY_TEST_PG (PostgreSQL
// admin URL). The filters are for measuring one change quickly; the full table is the one to record.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { apiClient, seed } from './lib/api.mjs';
import { benchScript, runToEnd, startServer } from './lib/processes.mjs';
import { markdownTable, ratio } from './lib/rows.mjs';
import { STORE_LABEL, availableStores, freshDatabase } from './lib/stores.mjs';

/** A positive integer from the environment, or the default. */
function intFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got ${raw}`);
  return n;
}

const SETTINGS = { connections: intFromEnv('BENCH_CONNECTIONS', 20), seconds: intFromEnv('BENCH_SECONDS', 5), warmupSeconds: intFromEnv('BENCH_WARMUP_SECONDS', 1) };
const TOKEN = 'bench-token';
const APPS = 1000;
const started = Date.now();
const errors = [];
const drains = [];
/** A progress line on stderr, so a long run shows where it is. */
const progress = (msg) => process.stderr.write(`[bench ${String(Math.round((Date.now() - started) / 1000)).padStart(4)} s] ${msg}\n`);

/** The requests measured; `body` names a body generator of load.mjs. */
const LOADS = {
  app: { path: '/apps/app500-perf' },
  appOneTable: { path: '/one-table/apps/app500-perf' },
  list: { path: '/apps' },
  patch: { path: '/apps/app7-perf/config-vars', method: 'PATCH', body: 'config-vars' },
};

/** Each figure: which Slipway load against which baseline load, and the goal of issue 18. */
const FIGURES = [
  { slipway: 'app', baseline: 'app', name: 'GET /apps/{app} vs the same app+space+org join', goal: { postgres: '>= 1.0x', sqlite: '>= 0.8x' } },
  { slipway: 'app', baseline: 'appOneTable', name: 'GET /apps/{app} vs a one-table read', goal: { postgres: '>= 0.6x', sqlite: null } },
  { slipway: 'patch', baseline: 'patch', name: 'PATCH /apps/{app}/config-vars vs transaction + upsert', goal: { postgres: '>= 0.6x', sqlite: '>= 0.6x' } },
  { slipway: 'list', baseline: 'list', name: `GET /apps (${APPS.toLocaleString('en')} apps) vs the same join`, goal: { postgres: '>= 0.8x', sqlite: '>= 0.8x' } },
];

/** The comma-separated values of an environment filter, or null when it is unset (everything). */
const listFromEnv = (name) => (process.env[name]?.trim() ? process.env[name].split(',').map((w) => w.trim()) : null);
const ONLY = listFromEnv('BENCH_ONLY');
const STORES = listFromEnv('BENCH_STORES');
const figures = ONLY ? FIGURES.filter((f) => ONLY.includes(f.slipway)) : FIGURES;

/** One load generator process run against one URL; records an error for any non-2xx answer or timeout. */
async function loadRun(label, url, load, seconds) {
  const lines = await runToEnd(benchScript('load.mjs'), { url: url + load.path, method: load.method, body: load.body, token: TOKEN, connections: SETTINGS.connections, seconds });
  const r = lines.find((l) => l.result)?.result;
  if (!r) throw new Error(`${label}: the load generator printed no result`);
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0) {
    errors.push(`${label}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts of ${r.requests}; status codes ${JSON.stringify(r.statusCodes)}`);
  }
  return r;
}

/**
 * Warms a server up, then measures it. Between runs the server finishes the requests the load generator
 * abandoned when it stopped, so their tail never counts against the next run.
 */
async function measure(label, server, load) {
  if (SETTINGS.warmupSeconds > 0) {
    await loadRun(`${label} (warm-up)`, server.url, load, SETTINGS.warmupSeconds);
    await server.idle();
  }
  const cpuBefore = await server.cpuMicros();
  const r = await loadRun(label, server.url, load, SETTINGS.seconds);
  await server.idle();
  // Including the abandoned tail the server finished, so every request counted was also paid for.
  r.cpuPerRequest = r.requests > 0 ? Math.round((await server.cpuMicros()) - cpuBefore) / r.requests : null;
  progress(`${label}: ${Math.round(r.rps)} req/s, p99 ${r.p99} ms, ${Math.round(r.cpuPerRequest)} µs CPU/request`);
  if (!(r.requests > 0)) errors.push(`${label}: no request answered in ${SETTINGS.seconds} s`);
  return r;
}

/** Checks a server answers a route the way the figure assumes, before loading it. */
async function expectAnswer(label, call, method, path, check) {
  try {
    const body = await call(method, path, method === 'PATCH' ? { K0: 'v' } : undefined);
    const problem = check(body);
    if (problem) errors.push(`${label} ${method} ${path}: ${problem}`);
  } catch (err) {
    errors.push(`${label} ${method} ${path}: ${err.message}`);
  }
}

/** Stops a server process and keeps its drain report; a server that cut requests is an error. */
async function stopServer(label, server) {
  try {
    drains.push({ server: label, ...(await server.stop()) });
  } catch (err) {
    errors.push(`${label}: ${err.message}`);
  }
}

const checks = {
  app: (b) => (b?.name === 'app500' ? null : `expected app500, got ${JSON.stringify(b)?.slice(0, 120)}`),
  list: (b) => (Array.isArray(b) && b.length === APPS ? null : `expected ${APPS} apps, got ${Array.isArray(b) ? b.length : typeof b}`),
  patch: (b) => (b?.K0 === 'v' ? null : 'the answer lacks the key just set'),
};

/**
 * Measures one store: Slipway (seeded through its API) and the baseline on the same data, each figure's two runs
 * back to back, so a neighbour's load on a shared machine weighs on both sides of a ratio alike. Only the server
 * being measured has work; the other one idles.
 */
async function benchStore(kind) {
  const label = STORE_LABEL[kind];
  const db = await freshDatabase(kind);
  const ours = {};
  const theirs = {};
  try {
    const slipway = await startServer('servers/slipway.mjs', { databaseUrl: db.databaseUrl, token: TOKEN });
    try {
      const call = apiClient(slipway.url, TOKEN);
      await seed(call, { apps: APPS });
      progress(`Slipway on ${label}: seeded ${APPS} apps`);
      await expectAnswer(`Slipway on ${label}`, call, 'GET', LOADS.app.path, checks.app);
      await expectAnswer(`Slipway on ${label}`, call, 'GET', LOADS.list.path, checks.list);
      await expectAnswer(`Slipway on ${label}`, call, 'PATCH', LOADS.patch.path, checks.patch);
      const baseline = await startServer('servers/baseline.mjs', { databaseUrl: db.databaseUrl });
      try {
        const bcall = apiClient(baseline.url, TOKEN);
        await expectAnswer(`baseline on ${label}`, bcall, 'GET', LOADS.app.path, checks.app);
        await expectAnswer(`baseline on ${label}`, bcall, 'GET', LOADS.appOneTable.path, checks.app);
        await expectAnswer(`baseline on ${label}`, bcall, 'GET', LOADS.list.path, checks.list);
        await expectAnswer(`baseline on ${label}`, bcall, 'PATCH', LOADS.patch.path, checks.patch);
        for (const f of figures) {
          ours[f.slipway] ??= await measure(`Slipway on ${label}, ${f.slipway}`, slipway, LOADS[f.slipway]);
          theirs[f.baseline] ??= await measure(`baseline on ${label}, ${f.baseline}`, baseline, LOADS[f.baseline]);
        }
      } finally {
        await stopServer(`baseline on ${label}`, baseline);
      }
    } finally {
      await stopServer(`Slipway on ${label}`, slipway);
    }
  } finally {
    await db.drop();
  }
  return figures.map((f) => {
    const s = Math.round(ours[f.slipway].rps);
    const b = Math.round(theirs[f.baseline].rps);
    return {
      figure: `${label}: ${f.name}`, slipway: s, baseline: b, ratio: ratio(s, b), goal: f.goal[kind], unit: 'req/s',
      slipway_p99_ms: ours[f.slipway].p99, baseline_p99_ms: theirs[f.baseline].p99,
      // Server CPU per request, and baseline's over Slipway's: the same comparison, steadier on a loaded machine.
      slipway_cpu_us: Math.round(ours[f.slipway].cpuPerRequest), baseline_cpu_us: Math.round(theirs[f.baseline].cpuPerRequest),
      cpu_ratio: ratio(theirs[f.baseline].cpuPerRequest, ours[f.slipway].cpuPerRequest),
    };
  });
}

/** Runs every bench/rows/*.mjs (or those BENCH_ROWS names) as a child process and collects its rows. */
async function extraRows() {
  const wanted = process.env.BENCH_ROWS?.trim();
  if (wanted === 'none') return [];
  const names = readdirSync(new URL('./rows/', import.meta.url)).filter((f) => f.endsWith('.mjs')).sort();
  const picked = wanted ? names.filter((n) => wanted.split(',').map((w) => w.trim()).includes(n)) : names;
  const rows = [];
  for (const name of picked) {
    progress(`rows/${name}`);
    try {
      const lines = await runToEnd(benchScript(`rows/${name}`), SETTINGS);
      rows.push(...lines.filter((l) => typeof l.figure === 'string').map((l) => ({ ...l, source: `rows/${name}` })));
    } catch (err) {
      errors.push(`rows/${name}: ${err.message}`);
    }
  }
  return rows;
}

const rows = [];
// BENCH_ONLY=none (no figure) runs only the row scripts: no store is seeded for figures nobody measures.
for (const kind of figures.length ? (await availableStores()).filter((k) => !STORES || STORES.includes(k)) : []) {
  try {
    rows.push(...(await benchStore(kind)));
  } catch (err) {
    errors.push(`${STORE_LABEL[kind]}: ${err.stack ?? err.message}`);
  }
}
rows.push(...(await extraRows()));

const machine = { cpus: availableParallelism(), cpu_model: cpus()[0]?.model ?? 'unknown', memory_gib: +(totalmem() / 2 ** 30).toFixed(1), node: process.version };
const elapsed = Math.round((Date.now() - started) / 1000);
console.log(`\nSlipway vs bare koa + plain driver: ${SETTINGS.connections} connections, ${SETTINGS.warmupSeconds} s warm-up + ${SETTINGS.seconds} s per run; ${machine.cpus} CPUs, ${machine.memory_gib} GiB, Node ${machine.node}; ${elapsed} s in all\n`);
console.log(markdownTable(rows));
console.log(`\nDrained at shutdown: ${drains.map((d) => `${d.server} ${d.drained} requests, ${d.idleClosed} idle connections${d.cut ? `, ${d.cut} CUT` : ''}`).join('; ')}`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/latest.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), machine, settings: SETTINGS, elapsed_s: elapsed, rows, drains, errors }, null, 2)}\n`);
console.log('Written to bench/results/latest.json');
if (errors.length) {
  console.error(`\n${errors.length} error(s):\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  process.exit(1);
}
