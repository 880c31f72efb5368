// Bench rows: what `npm start` costs. Spawns the built host (examples/embedded/dist/main.js) on a fresh SQLite file,
// times spawn-to-first-answered-request (GET /health, polled), then reads the process's resident memory (VmRSS in
// /proc/PID/status) after it has idled, and again after a burst of authenticated reads and a second idle, so a
// host that keeps what its requests allocated shows. Ports are the OS's choice; the router is off; Docker is
// whatever the machine has (`auto`, as `npm start`).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { emitRow } from '../lib/rows.mjs';

// The goal is in MB (10^6 bytes); RSS is read in MiB.
const MB_PER_MIB = 1.048576;

const MAIN = fileURLToPath(new URL('../../examples/embedded/dist/main.js', import.meta.url));
const TOKEN = 'bench-startup-token';
const IDLE_MS = 5_000;

/** Resident memory of a process in MiB, from /proc (Linux). */
const rssMiB = (pid) => {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : null;
};

const dir = mkdtempSync(join(tmpdir(), 'slipway-bench-startup-'));
const started = performance.now();
const child = spawn(process.execPath, [MAIN], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, PORT: '0', DATABASE_URL: `sqlite:${join(dir, 'slipway.db')}`, SLIPWAY_TOKEN: TOKEN, SLIPWAY_ROUTER_PORT: 'off' },
});
try {
  // The URL is printed once it listens; the first answered request is what a user waits for.
  const url = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before it listened`)));
    createInterface({ input: child.stdout }).on('line', (l) => {
      const m = /listening on (\S+)/.exec(l);
      if (m) resolve(m[1].replace('localhost', '127.0.0.1'));
    });
  });
  for (;;) {
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (performance.now() - started > 60_000) throw new Error('no answer to /health within 60 s');
    await new Promise((r) => setTimeout(r, 10));
  }
  const firstAnswerMs = Math.round(performance.now() - started);
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const idle = rssMiB(child.pid);
  const headers = { authorization: `Bearer ${TOKEN}` };
  for (let i = 0; i < 2000; i++) {
    const r = await fetch(`${url}/apps`, { headers });
    if (!r.ok) throw new Error(`GET /apps answered ${r.status}`);
    await r.arrayBuffer();
  }
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const afterBurst = rssMiB(child.pid);
  emitRow({ figure: 'npm start: spawn to first answered request', slipway: firstAnswerMs, unit: 'ms', goal: '< 2000 ms' });
  emitRow({ figure: `npm start: idle RSS (${IDLE_MS / 1000} s after start / after 2,000 requests)`, slipway: `${idle} / ${afterBurst} MiB`, measured: +(Math.max(idle, afterBurst) * MB_PER_MIB).toFixed(1), goal: '< 150 MB' });
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  rmSync(dir, { recursive: true, force: true });
}
