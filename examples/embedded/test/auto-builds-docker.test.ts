import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNTIME_DRIVER } from '@slipway/core';
import { GitHubFake } from '@slipway/github-fake';
import { busyboxRootfsTar, findOrStartDockerEngine, IN_CI, packTar, readTar, type DockerEngine } from '@slipway/testkit';
import { connectDocker } from '@slipway/runtime-docker';
import { startTestServer, type TestServer } from './test-server.js';

const LABEL = 'io.slipway.test-run';
const run = randomBytes(4).toString('hex');
const baseImage = `slipway-e2e/busybox:${run}`;
const engine: DockerEngine | null = await findOrStartDockerEngine();
if (!engine && IN_CI) throw new Error('a Docker engine is required in CI');

const files = (word: string) => ({
  Dockerfile: `FROM ${baseImage}\nCOPY start.sh /start.sh\nCMD ["sh", "/start.sh"]\n`,
  'start.sh': `mkdir -p /tmp/www\necho "${word} $GREETING" > /tmp/www/index.html\nexec httpd -f -v -p "$PORT" -h /tmp/www\n`,
  Procfile: 'web: sh /start.sh\n',
});

describe.runIf(engine)('auto builds and previews on Docker against the fake GitHub (end to end)', () => {
  let s: TestServer;
  let gh: GitHubFake;
  const docker = engine ? connectDocker({ host: engine.host }) : null!;

  /** What the running web dynos of an app answer. */
  const answers = async (appRef: string): Promise<string[]> => {
    const info = (await s.request('GET', `/apps/${appRef}`)).body;
    const dynos = await s.platform.container.resolve(RUNTIME_DRIVER).listDynos({ app: { id: info.id, name: info.name }, space: { id: info.space.id, name: info.space.name } });
    const web = dynos.filter((d) => d.type === 'web' && d.state === 'running' && d.endpoint);
    return Promise.all(web.map(async (d) => (await (await fetch(`http://${d.endpoint!.host}:${d.endpoint!.port}/`)).text()).trim()));
  };
  const POLL = { timeout: 150_000, interval: 500 };

  beforeAll(async () => {
    const rootfs = readTar(busyboxRootfsTar()).map((e) => ({ ...e, name: `rootfs/${e.name}` }));
    const context = packTar([{ name: 'Dockerfile', data: Buffer.from('FROM scratch\nCOPY rootfs/ /\nCMD ["sh"]\n') }, { name: 'rootfs', type: 'dir' }, ...rootfs]);
    const stream = await docker.buildImage(Buffer.from(context) as never, { t: baseImage, labels: { [LABEL]: run }, rm: true });
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())));
    gh = await GitHubFake.start();
    gh.createUser('octo');
    const operator = gh.createUser('slipway-bot').token!;
    gh.createRepo({ owner: 'octo', name: 'site', private: true, collaborators: { 'slipway-bot': 'admin' }, files: files('first') });
    s = await startTestServer('sqlite', {
      jobPollMs: 50,
      autoBuildPollMs: 100,
      // The fake GitHub serves archives on loopback.
      allowPrivateOutbound: true,
      docker: { host: engine!.host, labels: { [LABEL]: run }, networkPrefix: `slab${run}`, stopTimeoutSeconds: 2, healthIntervalMs: 500, repository: `slipway-e2e-${run}` },
      deploys: { deployRetryMs: 500, buildStopPollMs: 200 },
      source: { apiUrl: gh.url, token: operator },
    });
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    expect((await s.request('POST', '/apps', { org: 'acme', name: 'site', space: 'default' })).status).toBe(201);
    expect((await s.request('PATCH', '/apps/site-default/features/auto-release', { enabled: false })).status).toBe(200);
    expect((await s.request('PATCH', '/apps/site-default/config-vars', { GREETING: 'world' })).status).toBe(200);
    const token = gh.issueToken('octo');
    expect((await s.request('POST', '/apps/site-default/builds/auto', { repo: `${gh.url}/octo/site`, branch: 'main', auto_deploy: true, username: 'octo', token })).status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    await s?.close();
    await gh?.close();
    const label = { label: [`${LABEL}=${run}`] };
    for (const c of await docker.listContainers({ all: true, filters: label })) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
    for (const n of await docker.listNetworks({ filters: label })) await docker.getNetwork(n.Id).remove().catch(() => undefined);
    for (const i of await docker.listImages({ filters: label })) await docker.getImage(i.Id).remove({ force: true }).catch(() => undefined);
    await engine?.stop();
  }, 120_000);

  it('a push is built, released and running; a pull request gets a running preview; closing it leaves no container', { timeout: 400_000 }, async () => {
    const { sha } = await gh.push('octo/site', { files: files('pushed') });
    await expect.poll(() => answers('site-default').catch(() => []), POLL).toEqual(['pushed world']);
    const releases = (await s.request('GET', '/apps/site-default/releases')).body;
    expect(releases.map((r: { description: string }) => r.description)).toEqual([`Auto-deploy of ${sha!.slice(0, 7)} from main`]);
    await expect.poll(() => gh.statuses('octo/site', sha!).map((st) => st.state), POLL).toEqual(['pending', 'success']);

    expect((await s.request('PATCH', '/apps/site-default/features/preview', { enabled: true })).status).toBe(200);
    gh.commit('octo/site', { branch: 'feature', files: files('preview') });
    const pr = await gh.openPullRequest('octo/site', { head: 'feature' });
    await expect.poll(async () => (await s.request('GET', '/apps/site-default/previews')).body.length, POLL).toBe(1);
    const previewId: string = (await s.request('GET', '/apps/site-default/previews')).body[0].app.id;
    await expect.poll(() => answers(previewId).catch(() => []), POLL).toEqual(['preview world']);
    // The source app keeps running its own release.
    expect(await answers('site-default')).toEqual(['pushed world']);

    await gh.closePullRequest('octo/site', pr.number);
    await expect.poll(async () => (await s.request('GET', `/apps/${previewId}`)).status, POLL).toBe(404);
    await expect.poll(async () => (await docker.listContainers({ all: true, filters: { label: [`io.slipway.app.id=${previewId}`] } })).length, POLL).toBe(0);
    expect(await answers('site-default')).toEqual(['pushed world']);
  });
});
