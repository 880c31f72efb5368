// The embedded router's cost: requests/s of GET / through the router versus the same backend hit directly.
// autocannon and the backend each run in their own process, so the load generator and the app do not share the
// router's event loop. Prints one JSON line {figure, slipway, baseline, ratio}. Options (env): BENCH_SECONDS
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

/** Starts the backend in its own process; resolves with its port and a stop function. */
function startBackend() {
  const child = spawn(process.execPath, ['-e', BACKEND], { stdio: ['ignore', 'pipe', 'inherit'] });
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

/** Measures the router against the direct path; resolves with the bench row. */
export async function benchRouter() {
  const backend = await startBackend();
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
    const routed = `http://127.0.0.1:${http.port}/`;
    // Warm both paths (JIT, keep-alive pools) before measuring.
    await autocannon(direct, HOST, 1);
    await autocannon(routed, HOST, 1);
    const baseline = await autocannon(direct, HOST, SECONDS);
    const slipway = await autocannon(routed, HOST, SECONDS);
    return {
      figure: `router: GET / through the embedded router vs direct (req/s, ${CONNECTIONS} connections)`,
      slipway: Math.round(slipway),
      baseline: Math.round(baseline),
      ratio: +(slipway / baseline).toFixed(2),
    };
  } finally {
    await router.close();
    await backend.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchRouter()));
}
