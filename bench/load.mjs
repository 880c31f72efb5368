// The load generator, in a process of its own (never beside a server): one autocannon run against one URL
// (the orchestrator runs it once to warm up and once to measure). Config (JSON argument): { url, method,
// token, connections, seconds, body, ranges }. `body: "config-vars"` sends `{"K<i % 50>": "v<i>"}`, one key per PATCH.
// `ranges` (a list of Range header values) pages through a list: request i sends ranges[i % ranges.length].
// Prints one line: {"result": {rps, p99, requests, non2xx, errors, timeouts, statusCodes}}.
import autocannon from 'autocannon';

const cfg = JSON.parse(process.argv[2] ?? '{}');
const bodies = {
  'config-vars': (i) => ({ [`K${i % 50}`]: `v${i}` }),
};
let i = 0;
const make = cfg.body ? bodies[cfg.body] : undefined;
if (cfg.body && !make) throw new Error(`unknown body ${cfg.body}`);
const ranges = Array.isArray(cfg.ranges) && cfg.ranges.length ? cfg.ranges : null;
const headers = { authorization: `Bearer ${cfg.token}`, 'content-type': 'application/json' };
/** Each request's body and Range header, when the run varies them. */
const setupRequest = (req) => {
  const n = i++;
  return { ...req, ...(make ? { body: JSON.stringify(make(n)) } : {}), ...(ranges ? { headers: { ...headers, range: ranges[n % ranges.length] } } : {}) };
};

const result = await autocannon({
  url: cfg.url,
  method: cfg.method ?? 'GET',
  connections: cfg.connections,
  duration: cfg.seconds,
  headers,
  requests: make || ranges ? [{ setupRequest }] : undefined,
});

const { requests, latency, non2xx, errors, timeouts, statusCodeStats } = result;
process.stdout.write(`${JSON.stringify({ result: { rps: requests.average, p99: latency.p99, requests: requests.total, non2xx, errors, timeouts, statusCodes: statusCodeStats } })}\n`);
