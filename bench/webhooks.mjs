// Webhook fan-out: deliveries per second to 10 hooks on a local receiver, and the delay from the change
// (PATCH config-vars answered) to each delivery's arrival. Part of `npm run bench`.
import { createServer } from 'node:http';

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

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? +s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(1) : null;
};

/** Runs the scenario against a running Slipway (base URL, token); returns one result row. */
export async function benchWebhookFanout(base, token, { hooks = 10, changes = 100 } = {}) {
  const call = async (method, path, body) => {
    const r = await fetch(base + path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return r.json();
  };
  const rx = await startReceiver();
  try {
    await call('POST', '/apps', { org: 'bench', name: 'hooked', space: 'perf' });
    for (let h = 0; h < hooks; h++) await call('POST', '/apps/hooked-perf/hooks', { url: `${rx.url}/h${h}`, events: ['config_change'], secret: `s${h}` });
    const changedAt = [];
    const started = performance.now();
    for (let i = 0; i < changes; i++) {
      await call('PATCH', '/apps/hooked-perf/config-vars', { SEQ: String(i) });
      changedAt[i] = performance.now();
    }
    const expected = hooks * changes;
    const deadline = Date.now() + 120_000;
    while (rx.arrivals.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (rx.arrivals.length < expected) throw new Error(`only ${rx.arrivals.length} of ${expected} deliveries arrived`);
    const elapsed = (Math.max(...rx.arrivals.map((a) => a.at)) - started) / 1000;
    const delays = rx.arrivals.map((a) => a.at - changedAt[a.seq]);
    // Unsaturated: one change at a time, each waiting for its 10 deliveries, so the delay is not queueing.
    rx.arrivals.length = 0;
    const idle = [];
    for (let i = 0; i < 30; i++) {
      const seq = changes + i;
      await call('PATCH', '/apps/hooked-perf/config-vars', { SEQ: String(seq) });
      const at = performance.now();
      while (rx.arrivals.filter((a) => a.seq === seq).length < hooks) await new Promise((r) => setImmediate(r));
      idle.push(...rx.arrivals.filter((a) => a.seq === seq).map((a) => a.at - at));
    }
    return {
      hooks,
      changes,
      deliveries_per_s: Math.round(expected / elapsed),
      saturated_delay_p50_ms: pct(delays, 50),
      saturated_delay_p99_ms: pct(delays, 99),
      idle_delay_p50_ms: pct(idle, 50),
      idle_delay_p99_ms: pct(idle, 99),
    };
  } finally {
    await rx.close();
  }
}
