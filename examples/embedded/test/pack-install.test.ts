// Packs every publishable package as npm would publish it, installs the tarballs into an empty folder outside the
// workspace (no lockfile, no workspace links) and runs `npx slipway-embedded` from there: what a new user gets.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@slipway/testkit';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'slipway-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Workspace folders whose package is published (not private), read from the root's `dir/*` globs. */
function publishable(): string[] {
  const globs = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).workspaces as string[];
  return globs
    .flatMap((g) => readdirSync(join(ROOT, g.slice(0, -2))).map((d) => `${g.slice(0, -2)}/${d}`))
    .filter((d) => {
      try {
        return !JSON.parse(readFileSync(join(ROOT, d, 'package.json'), 'utf8')).private;
      } catch {
        return false;
      }
    });
}

describe('published packages', () => {
  it('install from their tarballs alone and serve the API with npx slipway-embedded', async () => {
    const tarballs = join(work, 'tarballs');
    const workspaces = publishable();
    mkdirSync(tarballs, { recursive: true });
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', tarballs, ...workspaces.flatMap((w) => ['-w', w])], { cwd: ROOT, maxBuffer: 64 << 20 });
    const packed = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    expect(packed.length).toBe(workspaces.length);
    for (const p of packed) {
      const paths = p.files.map((f) => f.path);
      // What a user downloads: built code, README and LICENSE; never tests or build info.
      expect(paths, p.filename).toContain('LICENSE');
      expect(paths, p.filename).toContain('README.md');
      expect(paths.filter((f) => /\.test\.|tsbuildinfo/.test(f)), p.filename).toEqual([]);
    }

    const app = join(work, 'app');
    rmSync(app, { recursive: true, force: true });
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-install-check', private: true, type: 'module' }));
    // A PostgreSQL user: optional dependencies (the SQLite driver and its native build) are left out.
    await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--omit=optional', ...packed.map((p) => join(tarballs, p.filename))], { cwd: app, maxBuffer: 64 << 20 });

    expect(readdirSync(join(app, 'node_modules'))).not.toContain('sqlite3');
    const db = await createTestDatabase('slipway_pack');
    const token = 'pack-install-token';
    const child = spawn('npx', ['--no-install', 'slipway-embedded'], {
      cwd: app,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: db.url, SLIPWAY_TOKEN: token, SLIPWAY_RUNTIME: 'none', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: npx runs the server as a grandchild, and the whole group is stopped at the end.
      detached: true,
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!.replace('localhost', '127.0.0.1'));
        });
        child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
        child.once('exit', (code) => reject(new Error(`slipway-embedded exited with ${code}: ${out}`)));
      });
      expect((await fetch(`${url}/health`)).status).toBe(200);
      const created = await fetch(`${url}/organizations`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ name: 'acme', description: 'from the tarballs' }) });
      expect(created.status).toBe(201);
      const orgs = (await (await fetch(`${url}/organizations`, { headers: { authorization: `Bearer ${token}` } })).json()) as Array<{ name: string }>;
      expect(orgs.map((o) => o.name)).toContain('acme');
    } finally {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await db.drop();
    }
  }, 600_000);
});
