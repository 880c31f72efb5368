import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** The embedded server running as a real child process (so a test can SIGKILL it mid-work). */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** SIGKILL: no shutdown hooks, no flushing; what a crash looks like. */
  kill(): Promise<void>;
}

/** Starts `dist/main.js` with the given environment and resolves once it listens. */
export function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    // Generous: a loaded CI machine can take a while to migrate and start; a start that never comes is not left running.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start: ${out}`));
    }, 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1]!.replace('localhost', '127.0.0.1'),
          child,
          kill: () =>
            new Promise<void>((r) => {
              if (child.exitCode !== null || child.signalCode !== null) return r();
              child.once('exit', () => r());
              child.kill('SIGKILL');
            }),
        });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

/** Controllers started one after another on one store (crash tests), with a JSON client for them. */
export interface Controllers {
  /** Starts one more controller process with the shared environment. */
  start(): Promise<ServerProcess>;
  /** Calls one controller's API with the shared token. */
  call(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** SIGKILLs every controller still running. */
  killAll(): Promise<void>;
}

/** Keeps track of controller processes sharing `env` (and `SLIPWAY_TOKEN` = `token`). */
export function controllers(token: string, env: () => Record<string, string>): Controllers {
  const running: ServerProcess[] = [];
  return {
    async start() {
      const p = await startServerProcess({ SLIPWAY_TOKEN: token, ...env() });
      running.push(p);
      return p;
    },
    async call(base, method, path, body) {
      const r = await fetch(base + path, { method, headers: { authorization: token, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
      return { status: r.status, body: await r.json() };
    },
    async killAll() {
      for (const p of running) await p.kill();
    },
  };
}
