// Child processes of the bench: every server under test and every load generator runs in a process of its
// own, so the orchestrator (and one server) never shares an event loop with another. Children speak one
// JSON object per stdout line; their stderr and any other stdout line (logs) pass through to stderr.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** Absolute path of a bench script, from its path relative to bench/. */
export const benchScript = (rel) => fileURLToPath(new URL(`../${rel}`, import.meta.url));

/** What a bench child says on stdout; any other line (a server's own JSON log, say) passes through to stderr. */
const isMessage = (l) => l !== null && typeof l === 'object' && ['ready', 'stopped', 'result', 'figure'].some((k) => k in l);

/** Spawns `node <script> <config as JSON>` and collects its stdout protocol lines as they come. */
function spawnJson(script, config, { env = {}, ipc = false } = {}) {
  // BENCH_PROFILE=<dir>: Slipway's server processes write a CPU profile there when they exit (see docs/benchmarks.md).
  const profile = process.env.BENCH_PROFILE && script.endsWith('/slipway.mjs') ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, script, JSON.stringify(config ?? {})], {
    stdio: ['ignore', 'pipe', 'inherit', ...(ipc ? ['ipc'] : [])],
    env: { ...process.env, ...env },
  });
  const lines = [];
  const waiters = [];
  // 'close' comes after stdout ended, so every line has been read by then.
  const exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  createInterface({ input: child.stdout }).on('line', (line) => {
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      msg = null;
    }
    if (!isMessage(msg)) {
      process.stderr.write(`[${script.split('/bench/').pop()}] ${line}\n`);
      return;
    }
    lines.push(msg);
    for (const w of waiters.splice(0)) w();
  });
  /** Resolves with the first line for which `pick` returns something; rejects if the child exits first. */
  const next = (pick) =>
    new Promise((resolve, reject) => {
      const check = () => {
        for (const l of lines) {
          const v = pick(l);
          if (v !== undefined) return resolve(v);
        }
        waiters.push(check);
      };
      exited.then(({ code, signal }) => {
        for (const l of lines) if (pick(l) !== undefined) return resolve(pick(l));
        reject(new Error(`${script} exited (${signal ?? code}) before it said what was expected`));
      });
      check();
    });
  return { child, lines, exited, next };
}

/** Asks a server process over IPC for one number (`inFlight`: requests it is handling, `cpu`: CPU µs used). */
function ask(child, question, field) {
  return new Promise((resolve, reject) => {
    const onMessage = (m) => {
      if (typeof m?.[field] !== 'number') return;
      child.off('message', onMessage);
      resolve(m[field]);
    };
    child.on('message', onMessage);
    child.send(question, (err) => err && reject(err));
  });
}
const askInFlight = (child) => ask(child, 'inFlight', 'inFlight');

/**
 * Starts a server process (bench/servers/*.mjs) and waits for its `{"ready": {url, ...}}` line.
 * `idle()` resolves once the server handles no request (the tail of a load run is done), and `stop()` sends
 * SIGTERM (the server drains, then closes its store) and resolves with its drain report.
 */
export async function startServer(rel, config, { stopTimeoutMs = 60_000 } = {}) {
  const proc = spawnJson(benchScript(rel), config, { ipc: true });
  const ready = await proc.next((l) => l.ready);
  return {
    ...ready,
    pid: proc.child.pid,
    /** CPU time (µs, user + system) the server process has used so far. */
    cpuMicros: () => ask(proc.child, 'cpu', 'cpuMicros'),
    async idle(timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      while ((await askInFlight(proc.child)) > 0) {
        if (Date.now() > until) throw new Error(`${rel} still handles requests ${timeoutMs} ms after its load stopped`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async stop() {
      if (proc.child.exitCode !== null) throw new Error(`${rel} had exited (${proc.child.exitCode}) before it was stopped`);
      proc.child.kill('SIGTERM');
      const killer = setTimeout(() => proc.child.kill('SIGKILL'), stopTimeoutMs);
      const { code, signal } = await proc.exited;
      clearTimeout(killer);
      const stopped = proc.lines.find((l) => l.stopped)?.stopped;
      if (code !== 0 || !stopped) throw new Error(`${rel} did not stop cleanly (${signal ?? `exit ${code}`})`);
      return stopped;
    },
  };
}

/** Runs a script to its end and resolves with every JSON line it printed; rejects when it exits non-zero. */
export async function runToEnd(script, config, options) {
  const proc = spawnJson(script, config, options);
  const { code, signal } = await proc.exited;
  if (code !== 0) throw new Error(`${script} failed (${signal ?? `exit ${code}`})`);
  return proc.lines;
}
