import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildDriver, BuildOutcome, BuildRequest } from '@slipway/core';
import { GitHubFake } from '@slipway/github-fake';
import { startReceiver, type Receiver } from './receiver.js';
import { startTestServer, storeKinds, type TestServer } from './test-server.js';

/** A build driver that records what it built: the engine is not under test here, the source path to it is. */
function recordingBuilder(): BuildDriver & { seen: BuildRequest[] } {
  const seen: BuildRequest[] = [];
  return {
    seen,
    async build(request): Promise<BuildOutcome> {
      seen.push(request);
      return { status: 'succeeded', image: `recorded/${request.id}`, digest: null };
    },
    cancel: async () => false,
    close: async () => undefined,
  };
}

/** Collects every log line the server writes, to show the token and the hook secret never reach them. */
class LogCapture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const FILES = { Dockerfile: 'FROM scratch\n', Procfile: 'web: serve\n' };
const WAIT = { timeout: 30_000, interval: 50 };

describe.each(await storeKinds())('auto builds and previews on %s', (kind) => {
  let s: TestServer;
  let gh: GitHubFake;
  let token: string;
  let repoUrl: string;
  let rx: Receiver;
  const builder = recordingBuilder();
  const logs = new LogCapture();
  const app = 'web-default';
  const callback = () => `/apps/${app}/builds/auto/github`;
  const builds = async (name = app) => (await s.request('GET', `/apps/${name}/builds`)).body as Array<{ id: string; status: string; source_blob: { commit: string | null; version: string | null } }>;

  beforeAll(async () => {
    gh = await GitHubFake.start();
    token = gh.createUser('octo').token!;
    // The operator's credential: archives, statuses and hook removal go without the user's token.
    const operator = gh.createUser('slipway-bot').token!;
    repoUrl = gh.createRepo({ owner: 'octo', name: 'web', private: true, collaborators: { 'slipway-bot': 'admin' }, files: FILES }).html_url;
    rx = await startReceiver();
    // The fake serves archives on loopback: the outbound policy is lifted for this test (another test keeps it).
    s = await startTestServer(kind, {
      runtime: 'none', jobPollMs: 50, allowPrivateOutbound: true, allowPrivateHooks: true, autoBuildPollMs: 50,
      deploys: { builder }, source: { apiUrl: gh.url, token: operator }, logLevel: 'debug', logDestination: logs,
    });
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    expect((await s.request('POST', '/apps', { org: 'acme', name: 'web', space: 'default' })).status).toBe(201);
    expect((await s.request('POST', `/apps/${app}/hooks`, { url: rx.url, events: ['preview', 'build', 'release'], active: true, secret: 'x' })).status).toBe(201);
    // Releases then come from auto_deploy alone, not from the platform's auto-release of every build.
    expect((await s.request('PATCH', `/apps/${app}/features/auto-release`, { enabled: false })).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await gh?.close();
    await rx?.close();
  });

  it('refuses a registration naming no repository of the host, or without the fields the seed requires', async () => {
    const bad = await s.request('POST', `/apps/${app}/builds/auto`, { repo: 'https://example.invalid/a/b', branch: 'main', username: 'octo', token });
    expect(bad.status).toBe(422);
    expect(bad.body.field).toBe('repo');
    const missing = await s.request('POST', `/apps/${app}/builds/auto`, { repo: repoUrl, branch: 'main', username: 'octo' });
    expect(missing.status).toBe(422);
    expect(missing.body.field).toBe('token');
    expect((await s.request('GET', `/apps/${app}/builds/auto`)).status).toBe(404);
    expect(gh.hooks('octo/web')).toHaveLength(0);
  });

  it('registers the hook with the token once and shows the settings in the seed shape, without token or secret', async () => {
    const created = await s.request('POST', `/apps/${app}/builds/auto`, { repo: repoUrl, branch: 'main', status_check: false, auto_deploy: true, username: 'octo', token });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ status: 'successful' });
    const hooks = gh.hooks('octo/web');
    expect(hooks).toHaveLength(1);
    expect(hooks[0]!.config.url).toBe(`${s.url}/apps/${app}/builds/auto/github`);
    const got = await s.request('GET', `/apps/${app}/builds/auto`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({
      app: { id: expect.any(String), name: app }, auto_deploy: true, branch: 'main', created_at: expect.any(String), id: expect.any(String),
      organization: { id: expect.any(String), name: 'acme' }, repo: repoUrl, site: gh.url, space: { id: expect.any(String), name: 'default' },
      status_check: false, updated_at: expect.any(String), username: 'octo',
    });
    expect((await s.request('GET', `/apps/${app}/builds/auto/github`)).body).toEqual(got.body);
    // Neither the user's token nor the hook secret is stored in clear (SQLite: the file itself).
    if (kind === 'sqlite') {
      const file = readFileSync(s.databaseUrl.slice('sqlite:'.length));
      expect(file.includes(token)).toBe(false);
      expect(file.includes(hooks[0]!.config.secret!)).toBe(false);
    }
    expect(JSON.stringify(got.body)).not.toContain(hooks[0]!.config.secret!);
  });

  it('answers 401 to an unsigned or mis-signed callback and changes nothing; 413 to an oversized one', async () => {
    const body = JSON.stringify({ ref: 'refs/heads/main', after: 'a'.repeat(40) });
    const headers = { 'x-github-event': 'push', 'x-github-delivery': 'forged-1', 'content-type': 'application/json', authorization: '' };
    const unsigned = await s.request('POST', callback(), body, headers);
    expect(unsigned.status).toBe(401);
    const forged = await s.request('POST', callback(), body, { ...headers, 'x-hub-signature-256': `sha256=${'0'.repeat(64)}`, 'x-hub-signature': `sha1=${'0'.repeat(40)}` });
    expect(forged.status).toBe(401);
    const big = await s.request('POST', callback(), 'x'.repeat(6 * 1024 * 1024), headers);
    expect(big.status).toBe(413);
    expect(await builds()).toEqual([]);
    // A real push whose signature is stripped on the way is refused alike, and queues nothing.
    gh.signatureHeaders = [];
    const { deliveries } = await gh.push('octo/web', { files: { ...FILES, v: 'unsigned' } });
    gh.signatureHeaders = ['sha256', 'sha1'];
    expect(deliveries.map((d) => d.status_code)).toEqual([401]);
    expect(await builds()).toEqual([]);
  });

  it('builds a push to the branch from its archive, releases it, reports pending then success, and ignores a redelivery', async () => {
    const { sha, deliveries } = await gh.push('octo/web', { files: { ...FILES, v: '1' } });
    expect(deliveries.map((d) => d.status_code)).toEqual([200]);
    await expect.poll(async () => (await builds()).map((b) => b.status), WAIT).toEqual(['succeeded']);
    const [b] = await builds();
    expect(b!.source_blob.commit).toBe(sha);
    const result = (await s.request('GET', `/apps/${app}/builds/${b!.id}/result`)).body as { lines: string[] };
    expect(result.lines.join('\n')).toMatch(/Verified source against sha256:/);
    await expect.poll(async () => (await s.request('GET', `/apps/${app}/releases`)).body.length, WAIT).toBe(1);
    expect((await s.request('GET', `/apps/${app}/releases`)).body[0].description).toBe(`Auto-deploy of ${sha!.slice(0, 7)} from main`);
    await expect.poll(() => gh.statuses('octo/web', sha!).map((st) => `${st.context}:${st.state}`), WAIT).toEqual(['slipway/build:pending', 'slipway/build:success']);
    expect(gh.statuses('octo/web', sha!).at(-1)!.description).toBe('Build succeeded, released as v1');
    const seen = builder.seen.length;
    const again = await gh.redeliver(deliveries[0]!.guid);
    expect(again.status_code).toBe(200);
    expect(JSON.parse(again.response).status).toBe('duplicate');
    expect(await builds()).toHaveLength(1);
    expect(builder.seen).toHaveLength(seen);
    // Other branches do not build.
    const other = await gh.push('octo/web', { branch: 'feature-x', files: { ...FILES, v: 'x' } });
    expect(JSON.parse(other.deliveries[0]!.response).status).toBe('ignored');
    expect(await builds()).toHaveLength(1);
  });

  it('with status_check waits while checks run and stops the build with a clear line when one fails', async () => {
    expect((await s.request('POST', `/apps/${app}/builds/auto`, { repo: repoUrl, branch: 'main', status_check: true, auto_deploy: true, username: 'octo', token })).status).toBe(201);
    // The push is held back (unsigned, refused) until its check run exists, then redelivered signed.
    gh.signatureHeaders = [];
    const { sha, deliveries } = await gh.push('octo/web', { files: { ...FILES, v: '2' } });
    gh.signatureHeaders = ['sha256', 'sha1'];
    const run = gh.addCheckRun('octo/web', sha!, { name: 'ci', status: 'in_progress' });
    expect((await gh.redeliver(deliveries[0]!.guid)).status_code).toBe(200);
    await expect.poll(() => gh.statuses('octo/web', sha!).map((st) => `${st.state}:${st.description}`), WAIT).toEqual(['pending:Waiting for status checks']);
    expect(await builds()).toHaveLength(1);
    gh.updateCheckRun('octo/web', run, { status: 'completed', conclusion: 'failure' });
    await expect.poll(async () => (await builds()).length, WAIT).toBe(2);
    const failed = (await builds()).find((b) => b.source_blob.commit === sha)!;
    expect(failed.status).toBe('failed');
    const lines = ((await s.request('GET', `/apps/${app}/builds/${failed.id}/result`)).body as { lines: string[] }).lines;
    expect(lines).toEqual([`Status check "ci" failed on ${sha!.slice(0, 7)}`, `Build stopped: the status checks of ${sha!.slice(0, 7)} did not pass.`]);
    await expect.poll(() => gh.statuses('octo/web', sha!).map((st) => st.state), WAIT).toEqual(['pending', 'failure']);
    expect((await s.request('GET', `/apps/${app}/releases`)).body).toHaveLength(1);
  });

  it('with status_check builds once the checks pass', async () => {
    gh.signatureHeaders = [];
    const { sha, deliveries } = await gh.push('octo/web', { files: { ...FILES, v: '3' } });
    gh.signatureHeaders = ['sha256', 'sha1'];
    const run = gh.addCheckRun('octo/web', sha!, { name: 'ci', status: 'queued' });
    expect((await gh.redeliver(deliveries[0]!.guid)).status_code).toBe(200);
    await expect.poll(() => gh.statuses('octo/web', sha!).map((st) => st.state), WAIT).toEqual(['pending']);
    expect((await builds()).some((b) => b.source_blob.commit === sha)).toBe(false);
    // A later push without checks is not held back by the one still waiting.
    const later = await gh.push('octo/web', { files: { ...FILES, v: '4' } });
    await expect.poll(async () => (await builds()).filter((b) => b.source_blob.commit === later.sha).map((b) => b.status), WAIT).toEqual(['succeeded']);
    expect((await builds()).some((b) => b.source_blob.commit === sha)).toBe(false);
    gh.updateCheckRun('octo/web', run, { status: 'completed', conclusion: 'success' });
    await expect.poll(async () => (await builds()).filter((b) => b.source_blob.commit === sha).map((b) => b.status), WAIT).toEqual(['succeeded']);
    await expect.poll(() => gh.statuses('octo/web', sha!).map((st) => `${st.state}:${st.description}`), WAIT).toEqual(['pending:Waiting for status checks', 'pending:Building', 'success:Build succeeded, released as v3']);
  });

  it('previews: a pull request opens a preview app, a push to it rebuilds it, closing it deletes the app', async () => {
    expect((await s.request('POST', `/apps/${app}/builds/auto`, { repo: repoUrl, branch: 'main', status_check: false, auto_deploy: true, username: 'octo', token })).status).toBe(201);
    expect((await s.request('PATCH', `/apps/${app}/config-vars`, { GREETING: 'hi' })).status).toBe(200);
    // Without the feature a pull request does nothing.
    gh.commit('octo/web', { branch: 'feature-a', files: { ...FILES, v: 'a1' } });
    const off = await gh.openPullRequest('octo/web', { head: 'feature-a' });
    expect(JSON.parse(off.deliveries[0]!.response).status).toBe('ignored');
    await gh.closePullRequest('octo/web', off.number);
    expect((await s.request('PATCH', `/apps/${app}/features/preview`, { enabled: true })).status).toBe(200);

    gh.commit('octo/web', { branch: 'feature-b', files: { ...FILES, v: 'b1' } });
    const pr = await gh.openPullRequest('octo/web', { head: 'feature-b' });
    await expect.poll(async () => (await s.request('GET', `/apps/${app}/previews`)).body.length, WAIT).toBe(1);
    const [preview] = (await s.request('GET', `/apps/${app}/previews`)).body;
    expect(preview).toEqual({
      id: expect.any(String), app: { id: expect.any(String) },
      source: { app: { id: expect.any(String), name: app }, 'app-setup': { id: expect.any(String) }, trigger: { type: 'github-pull-request', id: 'feature-b' } },
      created_at: expect.any(String), updated_at: expect.any(String),
    });
    // The preview is an app setup of the source's blueprint.
    await expect.poll(async () => (await s.request('GET', `/app-setups/${preview.source['app-setup'].id}`)).body.status, WAIT).toBe('succeeded');
    const previewApp = (await s.request('GET', `/apps/${preview.app.id}`)).body;
    expect(previewApp.space.name).toBe('default');
    expect(previewApp.preview).toEqual({ id: preview.id });
    expect((await s.request('GET', `/apps/${app}`)).body.preview).toBeNull();
    expect((await s.request('GET', '/apps')).body.find((a: { id: string }) => a.id === preview.app.id).preview).toEqual({ id: preview.id });
    expect((await s.request('GET', `/apps/${preview.app.id}/config-vars`)).body).toMatchObject({ GREETING: 'hi' });
    expect((await s.request('GET', `/apps/${preview.app.id}/formation`)).body.map((f: { type: string; quantity: number }) => `${f.type}:${f.quantity}`)).toEqual(['web:1']);
    await expect.poll(async () => (await builds(preview.app.id)).map((b) => b.status), WAIT).toEqual(['succeeded']);
    expect((await builds(preview.app.id))[0]!.source_blob.version).toBe(pr.sha!.slice(0, 7));
    await expect.poll(() => gh.statuses('octo/web', pr.sha!).map((st) => `${st.context}:${st.state}`).at(-1), WAIT).toBe('slipway/preview:success');
    await expect.poll(async () => (await s.request('GET', `/apps/${preview.app.id}/releases`)).body.length, WAIT).toBe(1);
    await expect.poll(() => rx.received.filter((r) => r.body.action === 'preview').length, WAIT).toBe(1);
    const event = rx.received.find((r) => r.body.action === 'preview')!.body;
    expect(event).toMatchObject({ action: 'preview', app: { name: 'web' }, space: { name: 'default' }, change: 'create', preview: { app: { id: preview.app.id, name: previewApp.name }, app_setup: { id: preview.source['app-setup'].id, status: 'pending' } } });
    // A redelivered open creates nothing twice.
    expect(JSON.parse((await gh.redeliver(pr.deliveries[0]!.guid)).response).status).toBe('duplicate');

    const sync = await gh.synchronizePullRequest('octo/web', pr.number, { files: { ...FILES, v: 'b2' } });
    await expect.poll(async () => (await builds(preview.app.id)).map((b) => b.status), WAIT).toEqual(['succeeded', 'succeeded']);
    expect((await builds(preview.app.id)).map((b) => b.source_blob.commit)).toContain(sync.sha);
    await expect.poll(() => gh.statuses('octo/web', sync.sha!).map((st) => `${st.context}:${st.state}`), WAIT).toEqual(['slipway/preview:pending', 'slipway/preview:success']);
    expect((await s.request('GET', `/apps/${app}/previews`)).body).toHaveLength(1);

    await gh.closePullRequest('octo/web', pr.number);
    await expect.poll(async () => (await s.request('GET', `/apps/${preview.app.id}`)).status, WAIT).toBe(404);
    expect((await s.request('GET', `/apps/${app}/previews`)).body).toEqual([]);
    expect((await s.request('GET', `/apps/${app}`)).status).toBe(200);
  });

  it('queues one build for one delivery received several times at once', async () => {
    expect((await s.request('POST', `/apps/${app}/builds/auto`, { repo: repoUrl, branch: 'main', status_check: false, auto_deploy: false, username: 'octo', token })).status).toBe(201);
    const before = (await builds()).length;
    gh.signatureHeaders = [];
    const { sha, deliveries } = await gh.push('octo/web', { files: { ...FILES, v: 'race' } });
    gh.signatureHeaders = ['sha256', 'sha1'];
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => gh.redeliver(deliveries[0]!.guid)));
    expect(answers.map((a) => a.status_code)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.map((a) => JSON.parse(a.response).status).sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'queued']);
    await expect.poll(async () => (await builds()).filter((b) => b.source_blob.commit === sha).map((b) => b.status), WAIT).toEqual(['succeeded']);
    expect(await builds()).toHaveLength(before + 1);
    // auto_deploy off: built, not released.
    await expect.poll(() => gh.statuses('octo/web', sha!).map((st) => st.state), WAIT).toEqual(['pending', 'success']);
    expect(gh.statuses('octo/web', sha!).at(-1)!.description).toBe('Build succeeded');
  });

  it('never writes the user token or the hook secret to the logs', () => {
    expect(logs.text).toContain('"msg":"request"');
    expect(logs.text).not.toContain(token);
    for (const hook of gh.hooks('octo/web')) expect(logs.text).not.toContain(hook.config.secret!);
  });

  it('removes the auto build and its hook on the repository', async () => {
    const d = await s.request('DELETE', `/apps/${app}/builds/auto/github`);
    expect(d.status).toBe(200);
    expect(d.body).toEqual({ status: 'successful' });
    expect((await s.request('GET', `/apps/${app}/builds/auto`)).status).toBe(404);
    expect(gh.hooks('octo/web')).toHaveLength(0);
    expect((await s.request('DELETE', `/apps/${app}/builds/auto/github`)).status).toBe(404);
  });
});

describe('auto builds under the default outbound policy', () => {
  let s: TestServer;
  let gh: GitHubFake;

  beforeAll(async () => {
    gh = await GitHubFake.start();
    const token = gh.createUser('octo').token!;
    const { html_url } = gh.createRepo({ owner: 'octo', name: 'web', files: FILES });
    s = await startTestServer('sqlite', { runtime: 'none', jobPollMs: 50, autoBuildPollMs: 50, deploys: { builder: recordingBuilder() }, source: { apiUrl: gh.url, token } });
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    await s.request('POST', '/apps', { org: 'acme', name: 'web', space: 'default' });
    expect((await s.request('POST', '/apps/web-default/builds/auto', { repo: html_url, branch: 'main', auto_deploy: true, username: 'octo', token })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await gh?.close();
  });

  it('refuses an archive download to a loopback address: the build fails with the reason and the commit says so', async () => {
    const { sha } = await gh.push('octo/web', { files: { ...FILES, v: '1' } });
    await expect.poll(async () => (await s.request('GET', '/apps/web-default/builds')).body.map((b: { status: string }) => b.status), WAIT).toEqual(['failed']);
    const [b] = (await s.request('GET', '/apps/web-default/builds')).body;
    const { lines } = (await s.request('GET', `/apps/web-default/builds/${b.id}/result`)).body as { lines: string[] };
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Build failed: the archive of octo\/web@[0-9a-f]{7} cannot be downloaded: .*loopback/);
    await expect.poll(() => gh.statuses('octo/web', sha!).map((st) => `${st.state}:${st.description}`), WAIT).toEqual(['failure:Source archive refused; not built']);
    expect((await s.request('GET', '/apps/web-default/releases')).body).toEqual([]);
  });

  it('makes no previews of apps in socs or prod spaces', async () => {
    expect((await s.request('POST', '/spaces', { name: 'vaultspace', description: 'Regulated', compliance: ['socs'] })).status).toBe(201);
    expect((await s.request('POST', '/apps', { org: 'acme', name: 'vault', space: 'vaultspace' })).status).toBe(201);
    const token = gh.issueToken('octo');
    expect((await s.request('POST', '/apps/vault-vaultspace/builds/auto', { repo: `${gh.url}/octo/web`, branch: 'main', username: 'octo', token })).status).toBe(201);
    expect((await s.request('PATCH', '/apps/vault-vaultspace/features/preview', { enabled: true })).status).toBe(200);
    gh.commit('octo/web', { branch: 'feature', files: { ...FILES, v: 'f' } });
    const pr = await gh.openPullRequest('octo/web', { head: 'feature' });
    const answer = pr.deliveries.find((d) => d.url.includes('/apps/vault-vaultspace/'))!;
    expect(JSON.parse(answer.response)).toEqual({ status: 'ignored', detail: 'previews are not made in socs spaces' });
    expect((await s.request('GET', '/apps/vault-vaultspace/previews')).body).toEqual([]);
  });
});
