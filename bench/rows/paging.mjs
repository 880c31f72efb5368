// Bench rows: paging a long list. Seeds 10,000 apps through Slipway's API, then (1) loads GET /apps with the
// Range pages a client walks (`id ..; max=1000`, then each Next-Range: 1,000 apps a page, the most a page holds),
// autocannon in its own process cycling through them, and reports p99 latency; (2) pages through the list
// continuously for BENCH_SOAK_S seconds (60; 600 is the 10 minutes), sampling the server's VmRSS
// (/proc/PID/status) every 5 s, and reports first, last and max RSS under load and the growth. Each store that
// BENCH_STORES picks; Slipway runs in its own process, and this one only seeds, samples and spawns autocannon.
import { readFileSync } from 'node:fs';
import { apiClient, seed } from '../lib/api.mjs';
import { benchScript, runToEnd, startServer } from '../lib/processes.mjs';
import { emitRow } from '../lib/rows.mjs';
import { STORE_LABEL, availableStores, freshDatabase } from '../lib/stores.mjs';

const cfg = JSON.parse(process.argv[2] ?? '{}');
const TOKEN = 'bench-paging-token';
const APPS = Number(process.env.BENCH_PAGING_APPS || 10_000);
const PAGE = 1000;
const SOAK_S = Number(process.env.BENCH_SOAK_S || 60);
const SAMPLE_MS = 5_000;
// The latency figure is one client paging (a page's own time, not the queue 20 clients of 1,000-app pages build
// on one process); the soak pages with the bench's connections, so memory sees requests in flight together.
const LATENCY_CONNECTIONS = Number(process.env.BENCH_PAGING_CONNECTIONS || 1);
const connections = cfg.connections ?? 20;
const seconds = cfg.seconds ?? 5;
const warmupSeconds = cfg.warmupSeconds ?? 1;
const started = Date.now();
const progress = (msg) => process.stderr.write(`[paging ${String(Math.round((Date.now() - started) / 1000)).padStart(4)} s] ${msg}\n`);

/** Resident memory of a process in MiB, from /proc (Linux). */
const rssMiB = (pid) => {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : null;
};

/** Walks GET /apps page by page as a client does; returns the Range value of every page, after checking their sizes. */
async function pageRanges(url) {
  const ranges = [`id ..; max=${PAGE}`];
  let total = 0;
  for (;;) {
    const res = await fetch(`${url}/apps`, { headers: { authorization: `Bearer ${TOKEN}`, range: ranges.at(-1) } });
    if (!res.ok) throw new Error(`GET /apps (Range ${ranges.at(-1)}) answered ${res.status}`);
    const body = await res.json();
    total += body.length;
    // A list that fills its last page exactly may point past it: that empty page is not one a client reads.
    if (body.length === 0 && ranges.length > 1) {
      ranges.pop();
      break;
    }
    const next = res.headers.get('next-range');
    if (!next || res.status !== 206) break;
    if (body.length !== PAGE) throw new Error(`a partial page held ${body.length} apps, not ${PAGE}`);
    ranges.push(next);
  }
  if (total !== APPS) throw new Error(`paging GET /apps gave ${total} apps, not ${APPS}`);
  return ranges;
}

/** One autocannon run (its own process) over the pages; throws on any non-2xx answer, error or timeout. */
async function load(label, url, ranges, runSeconds, clients, { warmUp = false } = {}) {
  const lines = await runToEnd(benchScript('load.mjs'), { url: `${url}/apps`, token: TOKEN, connections: clients, seconds: runSeconds, ranges });
  const r = lines.find((l) => l.result)?.result;
  if (!r) throw new Error(`${label}: the load generator printed no result`);
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0 || (!warmUp && !(r.requests > 0))) {
    throw new Error(`${label}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts of ${r.requests}; status codes ${JSON.stringify(r.statusCodes)}`);
  }
  return r;
}

for (const kind of await availableStores()) {
  const label = STORE_LABEL[kind];
  const db = await freshDatabase(kind, 'slipway_bench_paging');
  try {
    const slipway = await startServer('servers/slipway.mjs', { databaseUrl: db.databaseUrl, token: TOKEN });
    try {
      await seed(apiClient(slipway.url, TOKEN), { apps: APPS });
      progress(`${label}: seeded ${APPS} apps`);
      const ranges = await pageRanges(slipway.url);
      const what = `GET /apps, ${APPS.toLocaleString('en')} apps in pages of ${PAGE.toLocaleString('en')}`;
      if (warmupSeconds > 0) {
        await load(`${label} paging (warm-up)`, slipway.url, ranges, warmupSeconds, LATENCY_CONNECTIONS, { warmUp: true });
        await slipway.idle();
      }
      const r = await load(`${label} paging`, slipway.url, ranges, seconds, LATENCY_CONNECTIONS);
      await slipway.idle();
      progress(`${label}: ${Math.round(r.rps)} pages/s, p99 ${r.p99} ms`);
      emitRow({ figure: `${label}: ${what}, p99 latency (${LATENCY_CONNECTIONS} client)`, slipway: r.p99, unit: 'ms', goal: '< 50 ms', rps: Math.round(r.rps), connections: LATENCY_CONNECTIONS });

      // The soak: RSS sampled while the pages are loaded without pause. Growth counts from the first sample taken
      // under load (5 s in), so the working set of the soak's requests in flight is not mistaken for a leak.
      const before = rssMiB(slipway.pid);
      const samples = [];
      const sampler = setInterval(() => samples.push(rssMiB(slipway.pid)), SAMPLE_MS);
      let soak;
      try {
        soak = await load(`${label} paging soak`, slipway.url, ranges, SOAK_S, connections);
      } finally {
        clearInterval(sampler);
      }
      await slipway.idle();
      const after = rssMiB(slipway.pid);
      if (samples.length === 0) samples.push(after);
      const first = samples[0];
      const last = samples.at(-1);
      const max = Math.max(...samples);
      progress(`${label}: soak ${soak.requests} pages, RSS ${before} MiB before, ${samples.join(' ')} under load, ${after} idle after`);
      emitRow({
        figure: `${label}: RSS over ${SOAK_S} s of paging ${what} (first / last / max under load)`,
        slipway: `${first} / ${last} / ${max} MiB (${last - first >= 0 ? '+' : ''}${last - first})`,
        goal: 'flat',
        rss_first_mib: first, rss_last_mib: last, rss_max_mib: max, rss_growth_mib: last - first, rss_before_mib: before, rss_idle_after_mib: after,
        pages: soak.requests, p99_ms: soak.p99, connections, samples_mib: samples,
      });
    } finally {
      await slipway.stop();
    }
  } finally {
    await db.drop();
  }
}
