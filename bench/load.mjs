// The load generator, in a process of its own (never beside a server): one autocannon run against one URL
// (the orchestrator runs it once to warm up and once to measure). Config (JSON argument): { url, method,
// token, connections, seconds, body }. `body: "config-vars"` sends `{"K<i % 50>": "v<i>"}`, one key per PATCH.
// Prints one line: {"result": {rps, p99, requests, non2xx, errors, timeouts, statusCodes}}.
import autocannon from 'autocannon';

const cfg = JSON.parse(process.argv[2] ?? '{}');
const bodies = {
  'config-vars': (i) => ({ [`K${i % 50}`]: `v${i}` }),
};
let i = 0;
const make = cfg.body ? bodies[cfg.body] : undefined;
if (cfg.body && !make) throw new Error(`unknown body ${cfg.body}`);

const result = await autocannon({
  url: cfg.url,
  method: cfg.method ?? 'GET',
  connections: cfg.connections,
  duration: cfg.seconds,
  headers: { authorization: `Bearer ${cfg.token}`, 'content-type': 'application/json' },
  requests: make ? [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(make(i++)) }) }] : undefined,
});

const { requests, latency, non2xx, errors, timeouts, statusCodeStats } = result;
process.stdout.write(`${JSON.stringify({ result: { rps: requests.average, p99: latency.p99, requests: requests.total, non2xx, errors, timeouts, statusCodes: statusCodeStats } })}\n`);
