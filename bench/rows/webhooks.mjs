// Bench rows: webhook fan-out. Deliveries per second to 10 hooks on a local receiver, and the delay from the
// change (PATCH config-vars answered) to each delivery's arrival, on each store (BENCH_STORES picks). Slipway runs in its own
// process; this one holds the receiver and sends the changes one at a time (it is no load generator).
import { createServer } from 'node:http';
import { apiClient, seed } from '../lib/api.mjs';
import { startServer } from '../lib/processes.mjs';
import { emitRow } from '../lib/rows.mjs';
import { percentile as pct } from '../lib/stats.mjs';
import { STORE_LABEL, availableStores, freshDatabase } from '../lib/stores.mjs';

const TOKEN = 'bench-hooks-token';
/** Clients sending the changes at once. */
const WRITERS = 8;

/** A receiver that answers 200 at once and timestamps every delivery by its SEQ value and hook. */
async function startReceiver() {
  const arrivals = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString());
      arrivals.push({ at: performance.now(), seq: Number(body.config_vars?.SEQ), hook: req.url });
      res.end();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, arrivals, close: () => new Promise((r) => server.close(() => r())) };
}

/** Runs the scenario against a running Slipway (with org `bench` and space `perf`); returns its figures. */
async function benchWebhookFanout(call, { hooks = 10, changes = 100 } = {}) {
  const rx = await startReceiver();
  try {
    await call('POST', '/apps', { org: 'bench', name: 'hooked', space: 'perf' });
    for (let h = 0; h < hooks; h++) await call('POST', '/apps/hooked-perf/hooks', { url: `${rx.url}/h${h}`, events: ['config_change'], secret: `s${h}` });
    const changedAt = [];
    const started = performance.now();
    // Several writers at once, so the deliveries queue up faster than one sequential client could make them: the
    // rate then measures the fan-out (claims, signing, posting, recording), not the PATCH round trip.
    let nextChange = 0;
    await Promise.all(Array.from({ length: WRITERS }, async () => {
      for (let i = nextChange++; i < changes; i = nextChange++) {
        await call('PATCH', '/apps/hooked-perf/config-vars', { SEQ: String(i) });
        changedAt[i] = performance.now();
      }
    }));
    const expected = hooks * changes;
    const deadline = Date.now() + 120_000;
    while (rx.arrivals.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (rx.arrivals.length < expected) throw new Error(`only ${rx.arrivals.length} of ${expected} deliveries arrived`);
    const last = Math.max(...rx.arrivals.map((a) => a.at));
    const elapsed = (last - started) / 1000;
    // From the first delivery to the last: the rate the backlog drains at once it exists.
    const draining = (last - Math.min(...rx.arrivals.map((a) => a.at))) / 1000;
    const delays = rx.arrivals.map((a) => a.at - changedAt[a.seq]);
    // Unsaturated: one change at a time, each waiting for its 10 deliveries, so the delay is not queueing.
    rx.arrivals.length = 0;
    const idle = [];
    for (let i = 0; i < 30; i++) {
      const seq = changes + i;
      await call('PATCH', '/apps/hooked-perf/config-vars', { SEQ: String(seq) });
      const at = performance.now();
      // Poll gently: a busy wait here would take CPU from the server being measured.
      const until = Date.now() + 30_000;
      while (rx.arrivals.filter((a) => a.seq === seq).length < hooks) {
        if (Date.now() > until) throw new Error(`change ${seq}: only ${rx.arrivals.filter((a) => a.seq === seq).length} of ${hooks} deliveries arrived`);
        await new Promise((r) => setTimeout(r, 2));
      }
      idle.push(...rx.arrivals.filter((a) => a.seq === seq).map((a) => a.at - at));
    }
    return {
      hooks,
      changes,
      deliveries_per_s: Math.round(expected / elapsed),
      draining_per_s: draining > 0 ? Math.round((expected - 1) / draining) : null,
      saturated: [pct(delays, 50), pct(delays, 99)],
      idle: [pct(idle, 50), pct(idle, 99)],
    };
  } finally {
    await rx.close();
  }
}

for (const kind of await availableStores()) {
  const label = STORE_LABEL[kind];
  const db = await freshDatabase(kind, 'slipway_bench_hooks');
  try {
    const slipway = await startServer('servers/slipway.mjs', { databaseUrl: db.databaseUrl, token: TOKEN, allowPrivateHooks: true });
    let f;
    try {
      const call = apiClient(slipway.url, TOKEN);
      await seed(call);
      f = await benchWebhookFanout(call);
    } finally {
      await slipway.stop();
    }
    emitRow({ figure: `${label}: webhook fan-out, ${f.changes} changes (${WRITERS} writers) to ${f.hooks} hooks, first change to last delivery`, slipway: f.deliveries_per_s, unit: 'deliveries/s', goal: kind === 'postgres' ? '>= 1000 deliveries/s' : null });
    emitRow({ figure: `${label}: webhook fan-out, first delivery to last`, slipway: f.draining_per_s, unit: 'deliveries/s' });
    emitRow({ figure: `${label}: webhook delay p50 / p99, changes back to back`, slipway: `${f.saturated[0]} / ${f.saturated[1]} ms` });
    emitRow({ figure: `${label}: webhook delay p50 / p99, one change at a time (unqueued)`, slipway: `${f.idle[0]} / ${f.idle[1]} ms`, measured: f.idle[1], goal: kind === 'postgres' ? 'p99 < 200 ms' : null });
  } finally {
    await db.drop();
  }
}
