import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packTar, readTar } from './test-archives.js';
import { IN_CI } from './postgres.js';

/** A Docker engine a test suite can use, and how to let go of it afterwards. */
export interface DockerEngine {
  /** `unix:///path/to/docker.sock` (or the DOCKER_HOST that was found), for clients and `DOCKER_HOST`. */
  host: string;
  /** The socket path when the engine listens on a unix socket. */
  socketPath: string | null;
  /** True when this helper started the daemon (it then stops it and deletes its data on `stop`). */
  started: boolean;
  /** Stops the daemon this helper started; a no-op for an engine that was already running. */
  stop(): Promise<void>;
}

function socketOf(host: string): string | null {
  return host.startsWith('unix://') ? host.slice('unix://'.length) : null;
}

/** Whether an engine answers `GET /_ping` at `host` (unix socket or tcp://). */
export function dockerPing(host: string, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socketPath = socketOf(host);
    const tcp = socketPath ? null : new URL(host.replace(/^tcp:/, 'http:'));
    const req = request(
      socketPath
        ? { socketPath, path: '/_ping', timeout: timeoutMs }
        : { host: tcp!.hostname, port: tcp!.port, path: '/_ping', timeout: timeoutMs },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, dead: () => boolean): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (dead()) return false;
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/**
 * Finds a Docker engine for tests: DOCKER_HOST or /var/run/docker.sock when one answers, else starts a private
 * `dockerd` (as root) with its data under a temp dir. Returns null when none can be had outside CI; in CI
 * (CI=true) that is an error, so a missing engine fails the suite instead of skipping it.
 */
export async function findOrStartDockerEngine(options: { startTimeoutMs?: number } = {}): Promise<DockerEngine | null> {
  const candidates = [process.env.DOCKER_HOST, 'unix:///var/run/docker.sock'].filter((h): h is string => !!h);
  for (const host of candidates) {
    if (await dockerPing(host)) return { host, socketPath: socketOf(host), started: false, stop: async () => undefined };
  }
  // Short paths: unix sockets are limited to 108 bytes, and dockerd puts containerd's sockets under exec-root.
  const dir = mkdtempSync(join(tmpdir(), 'slw-d-'));
  const socketPath = join(dir, 'd.sock');
  const host = `unix://${socketPath}`;
  const logFile = join(dir, 'dockerd.log');
  let failure = '';
  const log = openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    'dockerd',
    ['--data-root', join(dir, 'data'), '--exec-root', join(dir, 'x'), '--pidfile', join(dir, 'd.pid'), '--host', host],
    { stdio: ['ignore', log, log] },
  );
  closeSync(log);
  child.on('error', (err) => (failure = err.message));
  const dead = () => failure !== '' || child.exitCode !== null;
  const up = await waitFor(() => dockerPing(host), options.startTimeoutMs ?? 30_000, dead);
  if (!up) {
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-8).join('\n') : '';
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    const why = `no Docker engine answers at ${candidates.join(' or ')} and starting dockerd failed: ${failure || 'not ready in time'}\n${tail}`;
    if (IN_CI) throw new Error(`A Docker engine is required in CI. ${why}`);
    return null;
  }
  return {
    host,
    socketPath,
    started: true,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // A mount dockerd failed to release can keep a few files busy; the temp dir is then left for the OS.
      }
    },
  };
}

/** Paths where Debian's busybox-static (or `SLIPWAY_BUSYBOX`) provides a static busybox binary. */
export function findBusybox(): string {
  const candidates = [process.env.SLIPWAY_BUSYBOX, '/bin/busybox', '/usr/bin/busybox'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`a static busybox binary is needed to build test images (apt-get install busybox-static); looked in ${candidates.join(', ')}`);
  return found;
}

/** Applets linked into the test image; enough to serve HTTP, sleep, print env and probe health. */
export const BUSYBOX_APPLETS = ['sh', 'httpd', 'echo', 'sleep', 'cat', 'env', 'nc', 'wget', 'ls', 'printf', 'true', 'false', 'kill', 'date', 'grep', 'mkdir', 'rm'];

/**
 * A root filesystem tar holding busybox and its applet links, `/www/index.html` and `/tmp`: importable as an image
 * (`docker import`, `POST /images/create?fromSrc=-`) so tests need no registry.
 */
export function busyboxRootfsTar(): Uint8Array {
  const busybox = readFileSync(findBusybox());
  return packTar([
    { name: 'bin', type: 'dir' },
    { name: 'bin/busybox', data: busybox, mode: 0o755 },
    ...BUSYBOX_APPLETS.map((a) => ({ name: `bin/${a}`, type: 'symlink' as const, linkname: 'busybox', mode: 0o777 })),
    { name: 'www', type: 'dir' },
    { name: 'www/index.html', data: Buffer.from('slipway test image\n') },
    { name: 'tmp', type: 'dir', mode: 0o1777 },
  ]);
}

/**
 * The build context of a runnable base image that needs no registry: `FROM scratch` plus the busybox root
 * filesystem under `rootfs/`. Tests build it once and base their apps' Dockerfiles on it.
 */
export function busyboxImageContext(): Buffer {
  const rootfs = readTar(busyboxRootfsTar()).map((e) => ({ ...e, name: `rootfs/${e.name}` }));
  return Buffer.from(packTar([{ name: 'Dockerfile', data: Buffer.from('FROM scratch\nCOPY rootfs/ /\nCMD ["sh"]\n') }, { name: 'rootfs', type: 'dir' }, ...rootfs]));
}
