import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { list, type ReadEntry } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubFake } from './index.js';

/** A response whose JSON body the test asserts on field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Reply = Omit<Response, 'json'> & { json(): Promise<any> };

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on loopback that records what arrives and answers 202. */
async function receiver(): Promise<{ url: string; got: Received[]; server: Server }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(202).end('thanks');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/github`, got, server };
}

async function entriesOf(gz: Buffer): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const reads: Promise<void>[] = [];
  await new Promise<void>((resolve, reject) => {
    const parser = list({
      onReadEntry: (e: ReadEntry) => {
        const chunks: Buffer[] = [];
        e.on('data', (c: Buffer) => chunks.push(c));
        reads.push(new Promise((r) => e.on('end', () => r(void (files[`${e.type}:${e.path}`] = Buffer.concat(chunks).toString('utf8'))))));
      },
    });
    parser.on('end', resolve);
    parser.on('error', reject);
    Readable.from([gz]).pipe(parser);
  });
  await Promise.all(reads);
  return files;
}

describe('GitHubFake', () => {
  let gh: GitHubFake;
  let rx: Awaited<ReturnType<typeof receiver>>;
  let owner: string;
  let reader: string;
  let stranger: string;
  const api = (path: string, token: string | null, init: RequestInit = {}): Promise<Reply> =>
    fetch(`${gh.url}${path}`, {
      ...init,
      redirect: 'manual',
      headers: { accept: 'application/vnd.github+json', ...(token ? { authorization: `token ${token}` } : {}), ...(init.headers ?? {}) },
    });
  const post = (path: string, token: string, body: unknown, method = 'POST') =>
    api(path, token, { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

  beforeAll(async () => {
    gh = await GitHubFake.start();
    rx = await receiver();
    owner = gh.createUser('octo').token!;
    reader = gh.createUser('reader').token!;
    stranger = gh.createUser('stranger').token!;
    gh.createRepo({ owner: 'octo', name: 'public-app', files: { Dockerfile: 'FROM scratch\n', 'src/app.js': 'console.log(1)\n' } });
    gh.createRepo({ owner: 'octo', name: 'secret-app', private: true, collaborators: { reader: 'pull' }, files: { 'README.md': 'hi' } });
  });

  afterAll(async () => {
    await gh?.close();
    rx?.server.close();
  });

  describe('repositories and auth', () => {
    it('answers 401 Bad credentials with GitHub error body for an unknown token, even on public repositories', async () => {
      const res = await api('/repos/octo/public-app', 'ghp_not-a-token');
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(await res.json()).toEqual({ message: 'Bad credentials', documentation_url: expect.stringMatching(/^http/), status: '401' });
    });

    it('shows public repositories to anyone, with permissions only for authenticated callers', async () => {
      const anon = await (await api('/repos/octo/public-app', null)).json();
      expect(anon).toMatchObject({ full_name: 'octo/public-app', private: false, default_branch: 'main', html_url: `${gh.url}/octo/public-app` });
      expect(anon).not.toHaveProperty('permissions');
      const mine = await (await api('/repos/OCTO/Public-App', owner)).json();
      expect(mine.permissions).toMatchObject({ admin: true, push: true, pull: true });
      const theirs = await (await api('/repos/octo/public-app', stranger)).json();
      expect(theirs.permissions).toMatchObject({ admin: false, push: false, pull: true });
    });

    it('hides private repositories behind 404 from anonymous callers and non-collaborators', async () => {
      expect((await api('/repos/octo/secret-app', null)).status).toBe(404);
      const res = await api('/repos/octo/secret-app', stranger);
      expect(res.status).toBe(404);
      expect((await res.json()).message).toBe('Not Found');
      const seen = await (await api('/repos/octo/secret-app', reader)).json();
      expect(seen.permissions).toMatchObject({ admin: false, push: false, pull: true });
    });

    it('answers a revoked token with 401 and GET /user with the token user', async () => {
      const token = gh.issueToken('octo');
      expect(await (await api('/user', token)).json()).toMatchObject({ login: 'octo', type: 'User' });
      gh.revokeToken(token);
      expect((await api('/user', token)).status).toBe(401);
      expect((await api('/user', null)).status).toBe(401);
    });

    it('resolves branches and sha prefixes, and answers 422 No commit found for unknown refs', async () => {
      const sha = gh.head('octo/public-app');
      expect((await (await api('/repos/octo/public-app/commits/main', null)).json()).sha).toBe(sha);
      expect((await (await api(`/repos/octo/public-app/commits/${sha.slice(0, 8)}`, null)).json()).sha).toBe(sha);
      const res = await api('/repos/octo/public-app/commits/nope', null);
      expect(res.status).toBe(422);
      expect((await res.json()).message).toBe('No commit found for SHA: nope');
    });

    it('answers 403 with rate-limit headers while rate limited', async () => {
      gh.rateLimited = true;
      try {
        const res = await api('/repos/octo/public-app', owner);
        expect(res.status).toBe(403);
        expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
        expect((await res.json()).message).toMatch(/rate limit/);
      } finally {
        gh.rateLimited = false;
      }
    });
  });

  describe('hooks', () => {
    it('creates a hook (masked secret, form by default), pings it signed, rejects duplicates, deletes it', async () => {
      const created = await post('/repos/octo/public-app/hooks', owner, { config: { url: rx.url, secret: 's3cret' }, events: ['push', 'pull_request'] });
      expect(created.status).toBe(201);
      const hook = await created.json();
      expect(hook).toMatchObject({ type: 'Repository', name: 'web', active: true, events: ['push', 'pull_request'], config: { url: rx.url, content_type: 'form', secret: '********' } });
      const ping = await gh.waitForDelivery((d) => d.event === 'ping' && d.hook_id === hook.id);
      expect(ping.status_code).toBe(202);
      const got = rx.got.find((g) => g.headers['x-github-delivery'] === ping.guid)!;
      expect(got.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(got.headers['x-hub-signature-256']).toBe(`sha256=${createHmac('sha256', 's3cret').update(got.body).digest('hex')}`);
      expect(got.headers['x-hub-signature']).toBe(`sha1=${createHmac('sha1', 's3cret').update(got.body).digest('hex')}`);
      expect(JSON.parse(new URLSearchParams(got.body).get('payload')!)).toMatchObject({ hook_id: hook.id, zen: expect.any(String), repository: { full_name: 'octo/public-app' } });

      const dup = await post('/repos/octo/public-app/hooks', owner, { config: { url: rx.url } });
      expect(dup.status).toBe(422);
      expect(await dup.json()).toMatchObject({ message: 'Validation Failed', errors: [{ resource: 'Hook', message: 'Hook already exists on this repository' }] });
      const noUrl = await post('/repos/octo/public-app/hooks', owner, { config: {} });
      expect(noUrl.status).toBe(422);

      expect((await api(`/repos/octo/public-app/hooks/${hook.id}`, owner, { method: 'DELETE' })).status).toBe(204);
      expect((await api(`/repos/octo/public-app/hooks/${hook.id}`, owner, { method: 'DELETE' })).status).toBe(404);
    });

    it('hides hooks from callers without admin rights', async () => {
      expect((await api('/repos/octo/public-app/hooks', stranger)).status).toBe(404);
      expect((await post('/repos/octo/secret-app/hooks', reader, { config: { url: rx.url } })).status).toBe(404);
      expect((await api('/repos/octo/public-app/hooks', null)).status).toBe(404);
    });

    it('pages hook lists with Link headers', async () => {
      gh.createRepo({ owner: 'octo', name: 'many-hooks' });
      for (let i = 0; i < 5; i++) await post('/repos/octo/many-hooks/hooks', owner, { config: { url: `${rx.url}?n=${i}` } });
      const first = await api('/repos/octo/many-hooks/hooks?per_page=2', owner);
      expect(await first.json()).toHaveLength(2);
      const link = first.headers.get('link')!;
      expect(link).toContain('rel="next"');
      expect(link).toContain('rel="last"');
      const next = /<([^>]+)>; rel="next"/.exec(link)![1];
      expect(new URL(next).searchParams.get('page')).toBe('2');
      const last = await fetch(/<([^>]+)>; rel="last"/.exec(link)![1], { headers: { authorization: `token ${owner}` } });
      expect(await last.json()).toHaveLength(1);
      expect(last.headers.get('link')).toContain('rel="prev"');
      expect(last.headers.get('link')).not.toContain('rel="next"');
      expect((await api('/repos/octo/many-hooks/hooks', owner)).headers.get('link')).toBeNull();
    });

    it('updates a hook with PATCH', async () => {
      const hook = await (await post('/repos/octo/public-app/hooks', owner, { config: { url: `${rx.url}?patch` } })).json();
      const res = await post(`/repos/octo/public-app/hooks/${hook.id}`, owner, { config: { url: `${rx.url}?patch`, content_type: 'json', secret: 'new' }, events: ['push', 'pull_request'] }, 'PATCH');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ events: ['push', 'pull_request'], config: { content_type: 'json', secret: '********' } });
      expect(gh.hooks('octo/public-app').find((h) => h.id === hook.id)!.config.secret).toBe('new');
    });
  });

  describe('tarballs', () => {
    it('redirects to a codeload-like URL serving a git-archive style .tar.gz of the commit', async () => {
      const sha = gh.head('octo/public-app');
      const res = await api('/repos/octo/public-app/tarball/main', null);
      expect(res.status).toBe(302);
      const location = res.headers.get('location')!;
      expect(location).toContain('/legacy.tar.gz/main');
      const dl = await fetch(location);
      expect(dl.status).toBe(200);
      expect(dl.headers.get('content-type')).toBe('application/x-gzip');
      const gz = Buffer.from(await dl.arrayBuffer());
      const tarBytes = gunzipSync(gz);
      expect(String.fromCharCode(tarBytes[156])).toBe('g');
      expect(tarBytes.subarray(512, 1024).toString('utf8')).toContain(`comment=${sha}`);
      const root = `octo-public-app-${sha.slice(0, 7)}`;
      expect(await entriesOf(gz)).toEqual({
        [`Directory:${root}/`]: '',
        [`Directory:${root}/src/`]: '',
        [`File:${root}/Dockerfile`]: 'FROM scratch\n',
        [`File:${root}/src/app.js`]: 'console.log(1)\n',
      });
    });

    it('gives private archives a short-lived token URL and answers 404 for unknown refs', async () => {
      expect((await api('/repos/octo/secret-app/tarball/main', null)).status).toBe(404);
      const res = await api(`/repos/octo/secret-app/tarball/${gh.head('octo/secret-app')}`, reader);
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get('location')!);
      expect(location.searchParams.get('token')).toMatch(/^[0-9a-f]{32}$/);
      expect((await fetch(location)).status).toBe(200);
      location.searchParams.delete('token');
      expect((await fetch(location)).status).toBe(404);
      expect((await api('/repos/octo/public-app/tarball/no-such-branch', null)).status).toBe(404);
    });
  });

  describe('statuses and check runs', () => {
    it('creates statuses, lists them newest first and combines the latest per context', async () => {
      const sha = gh.head('octo/public-app');
      const combined = async () => (await api(`/repos/octo/public-app/commits/${sha}/status`, null)).json();
      expect(await combined()).toMatchObject({ state: 'pending', total_count: 0, sha });
      const created = await post(`/repos/octo/public-app/statuses/${sha}`, owner, { state: 'pending', context: 'ci/test', target_url: 'http://127.0.0.1/x' });
      expect(created.status).toBe(201);
      expect(await created.json()).toMatchObject({ state: 'pending', context: 'ci/test', creator: { login: 'octo' } });
      await post(`/repos/octo/public-app/statuses/${sha}`, owner, { state: 'success', context: 'ci/test' });
      expect(await combined()).toMatchObject({ state: 'success', total_count: 1 });
      await post(`/repos/octo/public-app/statuses/${sha}`, owner, { state: 'error', context: 'ci/lint' });
      expect(await combined()).toMatchObject({ state: 'failure', total_count: 2 });
      const listed = await (await api(`/repos/octo/public-app/commits/main/statuses`, null)).json();
      expect(listed.map((s: { state: string }) => s.state)).toEqual(['error', 'success', 'pending']);
    });

    it('validates statuses like GitHub: bad state, unknown sha, no push rights', async () => {
      const sha = gh.head('octo/public-app');
      const bad = await post(`/repos/octo/public-app/statuses/${sha}`, owner, { state: 'great' });
      expect(bad.status).toBe(422);
      expect(await bad.json()).toMatchObject({ message: 'Validation Failed', errors: [{ resource: 'Status', field: 'state' }] });
      expect((await post(`/repos/octo/public-app/statuses/${'a'.repeat(40)}`, owner, { state: 'success' })).status).toBe(422);
      expect((await post(`/repos/octo/public-app/statuses/${sha}`, stranger, { state: 'success' })).status).toBe(404);
    });

    it('lists the latest check run per name by default, all with filter=all', async () => {
      const sha = gh.commit('octo/public-app', { branch: 'checks', files: { a: '1' } });
      gh.addCheckRun('octo/public-app', sha, { name: 'build', conclusion: 'failure' });
      const rerun = gh.addCheckRun('octo/public-app', sha, { name: 'build', status: 'in_progress' });
      gh.addCheckRun('octo/public-app', sha, { name: 'lint', conclusion: 'success' });
      const latest = await (await api(`/repos/octo/public-app/commits/${sha}/check-runs`, null)).json();
      expect(latest.total_count).toBe(2);
      expect(latest.check_runs.find((c: { name: string }) => c.name === 'build')).toMatchObject({ id: rerun, status: 'in_progress', conclusion: null });
      expect((await (await api(`/repos/octo/public-app/commits/checks/check-runs?filter=all`, null)).json()).total_count).toBe(3);
      gh.updateCheckRun('octo/public-app', rerun, { status: 'completed', conclusion: 'success' });
      const done = await (await api(`/repos/octo/public-app/commits/${sha}/check-runs?check_name=build`, null)).json();
      expect(done.check_runs).toMatchObject([{ status: 'completed', conclusion: 'success', head_sha: sha }]);
    });
  });

  describe('webhook deliveries', () => {
    let full: string;
    let hookId: number;
    const bodyOf = (guid: string) => JSON.parse(rx.got.filter((g) => g.headers['x-github-delivery'] === guid).at(-1)!.body);

    beforeAll(async () => {
      full = gh.createRepo({ owner: 'octo', name: 'events', files: { Dockerfile: 'FROM scratch\n' } }).full_name;
      const hook = await (await post(`/repos/${full}/hooks`, owner, { config: { url: `${rx.url}?events`, secret: 'whsec', content_type: 'json' }, events: ['push', 'pull_request'] })).json();
      hookId = hook.id;
      await gh.waitForDelivery((d) => d.event === 'ping' && d.hook_id === hookId);
    });

    it('sends push deliveries with GitHub headers, signatures and payload', async () => {
      const before = gh.head(full);
      const { sha, deliveries } = await gh.push(full, { files: { Dockerfile: 'FROM scratch\n', 'new.txt': 'x' }, message: 'Add new' });
      expect(deliveries).toHaveLength(1);
      const [d] = deliveries;
      expect(d).toMatchObject({ event: 'push', status_code: 202, hook_id: hookId, redelivery: false });
      const got = rx.got.find((g) => g.headers['x-github-delivery'] === d.guid)!;
      expect(got.headers).toMatchObject({
        'x-github-event': 'push',
        'x-github-hook-id': String(hookId),
        'x-github-hook-installation-target-type': 'repository',
        'content-type': 'application/json',
        'x-hub-signature-256': `sha256=${createHmac('sha256', 'whsec').update(got.body).digest('hex')}`,
      });
      expect(got.headers['user-agent']).toMatch(/^GitHub-Hookshot\//);
      expect(JSON.parse(got.body)).toMatchObject({
        ref: 'refs/heads/main',
        before,
        after: sha,
        created: false,
        deleted: false,
        head_commit: { id: sha, message: 'Add new', added: ['new.txt'] },
        repository: { full_name: full, html_url: `${gh.url}/${full}` },
        pusher: { name: 'octo' },
      });
    });

    it('redelivers with the same delivery id and body', async () => {
      const { deliveries } = await gh.push(full, { files: { Dockerfile: 'FROM scratch\n' } });
      const again = await gh.redeliver(deliveries[0].guid);
      expect(again).toMatchObject({ guid: deliveries[0].guid, redelivery: true, status_code: 202 });
      const both = rx.got.filter((g) => g.headers['x-github-delivery'] === deliveries[0].guid);
      expect(both).toHaveLength(2);
      expect(both[1].body).toBe(both[0].body);
      expect(both[1].headers['x-hub-signature-256']).toBe(both[0].headers['x-hub-signature-256']);
    });

    it('sends pull_request opened, synchronize (after a push) and closed with a merge push', async () => {
      gh.commit(full, { branch: 'feature', files: { Dockerfile: 'FROM scratch\n', f: '1' } });
      const opened = await gh.openPullRequest(full, { head: 'feature', title: 'Feature' });
      expect(bodyOf(opened.deliveries[0].guid)).toMatchObject({
        action: 'opened',
        number: opened.number,
        pull_request: { number: opened.number, state: 'open', merged: false, head: { ref: 'feature', sha: opened.sha }, base: { ref: 'main' } },
      });
      const sync = await gh.synchronizePullRequest(full, opened.number, { files: { Dockerfile: 'FROM scratch\n', f: '2' } });
      expect(sync.deliveries.map((d) => `${d.event}:${d.action ?? ''}`)).toEqual(['push:', 'pull_request:synchronize']);
      expect(bodyOf(sync.deliveries[1].guid)).toMatchObject({ before: opened.sha, after: sync.sha, pull_request: { head: { sha: sync.sha } } });
      const closed = await gh.closePullRequest(full, opened.number, { merged: true });
      expect(closed.deliveries.map((d) => `${d.event}:${d.action ?? ''}`)).toEqual(['push:', 'pull_request:closed']);
      expect(bodyOf(closed.deliveries[0].guid)).toMatchObject({ ref: 'refs/heads/main', after: closed.sha });
      expect(bodyOf(closed.deliveries[1].guid)).toMatchObject({ action: 'closed', pull_request: { merged: true, state: 'closed', merge_commit_sha: closed.sha } });
    });

    it('signs with SHA-1 only when told to, and sends deleted-branch pushes with the zero sha', async () => {
      gh.commit(full, { branch: 'doomed', files: { a: '1' } });
      gh.signatureHeaders = ['sha1'];
      try {
        const { deliveries } = await gh.deleteBranch(full, 'doomed');
        const got = rx.got.find((g) => g.headers['x-github-delivery'] === deliveries[0].guid)!;
        expect(got.headers['x-hub-signature-256']).toBeUndefined();
        expect(got.headers['x-hub-signature']).toBe(`sha1=${createHmac('sha1', 'whsec').update(got.body).digest('hex')}`);
        expect(JSON.parse(got.body)).toMatchObject({ ref: 'refs/heads/doomed', deleted: true, after: '0'.repeat(40), head_commit: null });
      } finally {
        gh.signatureHeaders = ['sha256', 'sha1'];
      }
    });

    it('records a failed attempt when the receiver is unreachable', async () => {
      const repo = gh.createRepo({ owner: 'octo', name: 'nowhere' }).full_name;
      const dead = await receiver();
      await new Promise<void>((r) => dead.server.close(() => r()));
      await post(`/repos/${repo}/hooks`, owner, { config: { url: dead.url, content_type: 'json' } });
      const ping = await gh.waitForDelivery((d) => d.repo === repo && d.event === 'ping');
      expect(ping.status_code).toBeNull();
    });
  });
});
