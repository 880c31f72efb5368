import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNTIME_DRIVER } from '@slipway/core';
import { findOrStartDockerEngine, IN_CI, sourceDataUrl, type DockerEngine } from '@slipway/testkit';
import { connectDocker } from '@slipway/runtime-docker';
import { TEST_LABEL as LABEL, buildBaseImage, removeRun, startShDockerfile } from './docker-apps.js';
import { viaRouter } from './router-http.js';
import { startTestServer, type TestServer } from './test-server.js';

const run = randomBytes(4).toString('hex');
const baseImage = `slipway-router-e2e/busybox:${run}`;
const engine: DockerEngine | null = await findOrStartDockerEngine();
if (!engine && IN_CI) throw new Error('a Docker engine is required in CI');

/** A source archive (tar.gz) of an app whose web process answers `word` on every path. */
function appSource(word: string): { url: string; checksum: string } {
  return sourceDataUrl({
    Dockerfile: startShDockerfile(baseImage),
    'start.sh': `mkdir -p /tmp/www\necho "${word}" > /tmp/www/index.html\nexec httpd -f -p "$PORT" -h /tmp/www\n`,
    Procfile: 'web: sh /start.sh\n',
  });
}

describe.runIf(engine)('the router in front of Docker dynos (end to end)', () => {
  let s: TestServer;
  let port: number;
  const docker = engine ? connectDocker({ host: engine.host }) : null!;
  const site = 'shop.localhost';

  beforeAll(async () => {
    await buildBaseImage(docker, baseImage, run);
    s = await startTestServer('sqlite', {
      jobPollMs: 50,
      router: { port: 0, host: '127.0.0.1' },
      docker: { host: engine!.host, labels: { [LABEL]: run }, networkPrefix: `slwr${run}`, stopTimeoutSeconds: 2, healthIntervalMs: 500, repository: `slipway-router-e2e-${run}` },
      deploys: { deployRetryMs: 500, buildStopPollMs: 200 },
    });
    port = s.router!.port;
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
  }, 120_000);

  afterAll(async () => {
    await s?.close();
    await removeRun(docker, run);
    await engine?.stop();
  }, 120_000);

  /** Creates an app and deploys `word` to it (auto-release is on by default). */
  const deploy = async (name: string, word: string) => {
    expect((await s.request('POST', '/apps', { org: 'acme', name, space: 'default' })).status).toBe(201);
    const created = await s.request('POST', `/apps/${name}-default/builds`, { ...appSource(word), org: 'acme', sha: 'abc123', version: 'v1' });
    expect(created.status).toBe(201);
    await expect.poll(async () => (await s.request('GET', `/apps/${name}-default/builds/${created.body.id}`)).body.status, { timeout: 120_000, interval: 300 }).toBe('succeeded');
  };
  const body = async (host: string, path: string) => {
    const r = await viaRouter(port, host, path).catch((e: Error) => ({ status: 0, body: e.message }));
    return `${r.status} ${r.body.trim()}`;
  };

  it('serves two apps on their default hosts and on two paths of a site, keeps serving through a rolling restart, and drops a deleted route', { timeout: 600_000 }, async () => {
    await deploy('alpha', 'alpha');
    await deploy('beta', 'beta');
    // Two web dynos of alpha: a rolling restart replaces them one by one.
    expect((await s.request('PATCH', '/apps/alpha-default/formation/web', { quantity: 2 })).status).toBe(200);
    const alpha = (await s.request('GET', '/apps/alpha-default')).body;
    expect(alpha.web_url).toBe(`http://alpha-default.apps.localhost:${port}/`);
    const target = { app: { id: alpha.id, name: 'alpha' }, space: { id: alpha.space.id, name: 'default' } };
    const runtime = s.platform.container.resolve(RUNTIME_DRIVER);
    const readyWeb = async () => (await runtime.listDynos(target)).filter((d) => d.type === 'web' && d.ready);
    await expect.poll(async () => (await readyWeb()).length, { timeout: 120_000, interval: 300 }).toBe(2);

    await expect.poll(() => body('alpha-default.apps.localhost', '/'), { timeout: 60_000, interval: 200 }).toBe('200 alpha');
    await expect.poll(() => body('beta-default.apps.localhost', '/'), { timeout: 60_000, interval: 200 }).toBe('200 beta');

    expect((await s.request('POST', '/sites', { domain: site })).status).toBe(201);
    const toAlpha = await s.request('POST', '/routes', { site, app: 'alpha-default', source_path: '/alpha', target_path: '/' });
    const toBeta = await s.request('POST', '/routes', { site, app: 'beta-default', source_path: '/beta', target_path: '/' });
    expect([toAlpha.status, toBeta.status]).toEqual([201, 201]);
    await expect.poll(() => body(site, '/alpha/'), { timeout: 30_000, interval: 200 }).toBe('200 alpha');
    await expect.poll(() => body(site, '/beta/index.html'), { timeout: 30_000, interval: 200 }).toBe('200 beta');
    expect((await body(site, '/gamma')).startsWith('404')).toBe(true);

    // A steady, bounded request loop (2 at a time) through the router while every alpha dyno is replaced.
    const before = (await readyWeb()).map((d) => d.id);
    const failures: string[] = [];
    let sent = 0;
    let stop = false;
    const worker = async (path: string, want: string) => {
      while (!stop) {
        sent++;
        const got = await body(site, path);
        if (got !== want) failures.push(got);
      }
    };
    const loop = Promise.all([worker('/alpha/', '200 alpha'), worker('/alpha/index.html', '200 alpha')]);
    expect((await s.request('DELETE', '/apps/alpha-default/dynos')).status).toBe(202);
    await expect
      .poll(async () => (await readyWeb()).filter((d) => !before.includes(d.id)).length + ((await runtime.listDynos(target)).length === 2 ? 0 : 10), { timeout: 180_000, interval: 300 })
      .toBe(2);
    // Keep the loop going until the router has let go of the old dynos too.
    await expect.poll(() => s.router!.driver.backends().filter((b) => before.includes(b.id)).length, { timeout: 30_000, interval: 200 }).toBe(0);
    stop = true;
    await loop;
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(50);

    // Deleting a route: its path answers 404, the other path keeps its app.
    expect((await s.request('DELETE', `/routes/${toBeta.body.id}`)).status).toBe(200);
    await expect.poll(async () => (await body(site, '/beta/')).slice(0, 3), { timeout: 30_000, interval: 200 }).toBe('404');
    expect(await body(site, '/alpha/')).toBe('200 alpha');
  });
});
