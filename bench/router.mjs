// The embedded router's cost: requests/s of GET / through the router versus a bare node:http proxy (a keep-alive
// agent and two pipes, no routing, retries or headers of its own) in front of the same backend, and versus the backend
// hit directly. autocannon, the backend and the bare proxy each run in their own process, so the load generator and
// the app do not share the router's event loop. Prints two JSON lines {figure, slipway, baseline, ratio}. Options (env): BENCH_SECONDS
// (default 5), BENCH_CONNECTIONS (default 16). Needs a build (`npm run setup`).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEmbeddedRouter } from '../packages/router-embedded/dist/index.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const HOST = 'bench-perf.apps.localhost';

// A small JSON answer, like an app's health or API endpoint; keep-alive as Node serves it by default.
const BACKEND = `
const http = require('node:http');
const body = JSON.stringify({ ok: true, service: 'bench' });
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

// The least a Node reverse proxy does: forward each request on a keep-alive agent and pipe both bodies.
const BARE_PROXY = `
const http = require('node:http');
const target = Number(process.argv[1]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const server = http.createServer((req, res) => {
  const up = http.request({ host: '127.0.0.1', port: target, path: req.url, method: req.method, headers: req.headers, agent }, (r) => {
    res.writeHead(r.statusCode, r.headers);
    r.pipe(res);
  });
  up.on('error', () => { res.statusCode = 502; res.end(); });
  req.pipe(up);
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

/** Starts a script in its own process; resolves with the port it prints and a stop function. */
function startServerProcess(script, ...args) {
  const child = spawn(process.execPath, ['-e', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench backend exited with ${code}`)));
    child.stdout.setEncoding('utf8');
    child.stdout.once('data', (line) => {
      resolve({ port: Number(line.trim()), stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) });
    });
  });
}

/** Runs autocannon in a child process against `url` with Host `host`; returns its averaged requests/s. */
function autocannon(url, host, seconds) {
  const args = ['autocannon', '--json', '-c', String(CONNECTIONS), '-d', String(seconds), '-H', `host=${host}`, url];
  return new Promise((resolve, reject) => {
    const child = spawn('npx', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}: ${err.slice(-500)}`));
      const result = JSON.parse(out);
      const bad = result.non2xx + result.errors;
      if (bad > 0) return reject(new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx answers`));
      resolve(result.requests.average);
    });
  });
}

/** Measures the router against the bare proxy and the direct path; resolves with the two bench rows. */
export async function benchRouter() {
  const backend = await startServerProcess(BACKEND);
  const bare = await startServerProcess(BARE_PROXY, String(backend.port));
  const router = await startEmbeddedRouter({ port: 0, host: '127.0.0.1' });
  try {
    const { http } = await router.listening();
    await router.converge({
      host: HOST,
      kind: 'app',
      routes: [
        {
          path: '/',
          target_path: '/',
          target: {
            app_id: 'bench',
            app_key: 'bench-perf',
            app: 'bench',
            space: 'perf',
            port: 5000,
            maintenance: false,
            backends: [{ id: 'web-1', url: `http://127.0.0.1:${backend.port}` }],
          },
        },
      ],
    });
    const direct = `http://127.0.0.1:${backend.port}/`;
    const proxied = `http://127.0.0.1:${bare.port}/`;
    const routed = `http://127.0.0.1:${http.port}/`;
    // Warm every path (JIT, keep-alive pools) before measuring.
    for (const url of [direct, proxied, routed]) await autocannon(url, HOST, 1);
    const viaDirect = await autocannon(direct, HOST, SECONDS);
    const viaBare = await autocannon(proxied, HOST, SECONDS);
    const viaRouter = await autocannon(routed, HOST, SECONDS);
    const row = (against, baseline) => ({
      figure: `router: GET / through the embedded router vs ${against} (req/s, ${CONNECTIONS} connections)`,
      slipway: Math.round(viaRouter),
      baseline: Math.round(baseline),
      ratio: +(viaRouter / baseline).toFixed(2),
    });
    return [row('a bare node:http proxy', viaBare), row('the backend hit directly', viaDirect)];
  } finally {
    await router.close();
    await bare.stop();
    await backend.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const row of await benchRouter()) console.log(JSON.stringify(row));
}
