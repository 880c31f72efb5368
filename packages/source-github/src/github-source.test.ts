import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Octokit } from '@octokit/rest';
import { DriverUnavailableError, type PushEvent, type SourceControl } from '@slipway/core';
import { GitHubFake } from '@slipway/github-fake';
import { sourceControlContract, readArchive } from '@slipway/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSource, webUrlFor } from './index.js';

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const FILES = { Dockerfile: 'FROM scratch\nCOPY . /app\n', 'src/hello.txt': 'hello from the fake\n', Procfile: 'web: /app/run\n' };

let fake: GitHubFake;
let n = 0;

sourceControlContract(
  'GitHub via Octokit against @slipway/github-fake',
  async () => {
    fake = await GitHubFake.start();
    const admin = fake.createUser('octo').token!;
    const outsider = fake.createUser('outsider').token!;
    const { html_url } = fake.createRepo({ owner: 'octo', name: 'app', private: true, files: FILES });
    const full = 'octo/app';
    return {
      source: githubSource({ baseUrl: fake.url }),
      unreachableSource: githubSource({ baseUrl: `http://127.0.0.1:${await closedPort()}`, webUrl: fake.url }),
      repoUrl: html_url,
      missingRepoUrl: `${fake.url}/octo/missing`,
      adminToken: admin,
      outsiderToken: outsider,
      badToken: `ghp_${randomBytes(18).toString('hex')}`,
      knownFile: { path: 'src/hello.txt', content: FILES['src/hello.txt'] },
      newCommit: async () => fake.commit(full, { branch: `commit-${++n}`, files: { ...FILES, n: String(n) } }),
      addCheckRun: async (sha, run) => void fake.addCheckRun(full, sha, run),
      events: {
        push: async (branch) => ({ sha: (await fake.push(full, { branch, files: { ...FILES, n: String(++n) } })).sha! }),
        openPullRequest: async () => {
          const head = `feature-${++n}`;
          fake.commit(full, { branch: head, files: { ...FILES, feature: head } });
          const pr = await fake.openPullRequest(full, { head });
          return { number: pr.number, head_sha: pr.sha!, head_branch: head, base_branch: 'main' };
        },
        synchronizePullRequest: async (number) => ({ head_sha: (await fake.synchronizePullRequest(full, number, { files: { ...FILES, n: String(++n) } })).sha! }),
        closePullRequest: async (number, merged) => void (await fake.closePullRequest(full, number, { merged })),
        redeliver: async (id) => void (await fake.redeliver(id)),
      },
      teardown: () => fake.close(),
    };
  },
  { deliveries: true, checkRuns: true, privateRepo: true },
);

describe('githubSource specifics (against @slipway/github-fake)', () => {
  let gh: GitHubFake;
  let admin: string;
  let source: SourceControl;
  const full = 'acme/site';

  beforeAll(async () => {
    gh = await GitHubFake.start();
    admin = gh.createUser('boss').token!;
    gh.createUser('acme', { organization: true });
    gh.createRepo({ owner: 'acme', name: 'site', private: true, collaborators: { boss: 'admin' }, files: FILES });
    source = githubSource({ baseUrl: gh.url });
  });

  afterAll(() => gh?.close());

  it('registers JSON hooks for push and pull_request with the given secret', async () => {
    const repo = source.parseRepositoryUrl(`${gh.url}/acme/site.git`);
    const { id } = await source.registerWebhook(repo, { token: admin, callback_url: 'http://127.0.0.1:1/cb', secret: 'sekrit' });
    const hook = gh.hooks(full).find((h) => String(h.id) === id)!;
    expect(hook).toMatchObject({ active: true, events: ['push', 'pull_request'], config: { url: 'http://127.0.0.1:1/cb', content_type: 'json', secret: 'sekrit', insecure_ssl: '0' } });
    await source.registerWebhook(repo, { token: admin, callback_url: 'http://127.0.0.1:1/cb', secret: 'rotated' });
    expect(gh.hooks(full).filter((h) => h.config.url === 'http://127.0.0.1:1/cb')).toMatchObject([{ config: { secret: 'rotated' } }]);
  });

  it('falls back to the app credential (a string or a per-repository lookup) when a call has no token', async () => {
    const repo = source.parseRepositoryUrl(`${gh.url}/acme/site`);
    const asked: string[] = [];
    const withApp = githubSource({ baseUrl: gh.url, appCredential: (r) => (asked.push(r.full_name), admin) });
    expect((await withApp.checkAccess(repo)).private).toBe(true);
    const sha = gh.head(full);
    const entries = readArchive(Buffer.from(await new Response((await withApp.archive(repo, sha)).stream).arrayBuffer()));
    expect(entries.map((e) => e.name)).toContain(`acme-site-${sha.slice(0, 7)}/src/hello.txt`);
    await githubSource({ baseUrl: gh.url, appCredential: admin }).createCommitStatus(repo, sha, { state: 'success', context: 'slipway/build' });
    expect(gh.statuses(full, sha)).toMatchObject([{ state: 'success', context: 'slipway/build', creator: 'boss' }]);
    expect(asked).toEqual(['acme/site', 'acme/site']);
  });

  it('uses the adapter-wide archive fetch when the call brings none, and never sends the token to the download host', async () => {
    const seen: Array<{ url: string; auth: string | null }> = [];
    const archiveFetch: typeof fetch = (input, init) => {
      seen.push({ url: String(input), auth: new Headers(init?.headers).get('authorization') });
      return fetch(input, init);
    };
    const s = githubSource({ baseUrl: gh.url, archiveFetch });
    const repo = s.parseRepositoryUrl(`${gh.url}/acme/site`);
    const archive = await s.archive(repo, gh.head(full), { token: admin });
    await new Response(archive.stream).arrayBuffer();
    expect(seen).toHaveLength(1);
    expect(seen[0].url).toContain('/legacy.tar.gz/');
    expect(seen[0].auth).toBeNull();
  });

  it('turns a rate limit into DriverUnavailableError', async () => {
    const repo = source.parseRepositoryUrl(`${gh.url}/acme/site`);
    gh.rateLimited = true;
    try {
      await expect(source.checkAccess(repo, { token: admin })).rejects.toBeInstanceOf(DriverUnavailableError);
    } finally {
      gh.rateLimited = false;
    }
  });

  it('verifies deliveries the fake signs with SHA-1 only, and form-encoded ones', async () => {
    const got: Array<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> = [];
    const rx = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
        got.push({ headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => rx.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(rx.address() as AddressInfo).port}/form`;
      // A hook made by hand with GitHub's default content type (form), as an older integration would have.
      const res = await fetch(`${gh.url}/repos/${full}/hooks`, {
        method: 'POST',
        headers: { authorization: `token ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ config: { url, secret: 'formsecret' }, events: ['push'] }),
      });
      expect(res.status).toBe(201);
      await gh.waitForDelivery((d) => d.url === url && d.event === 'ping');
      gh.signatureHeaders = ['sha1'];
      const { sha, deliveries } = await gh.push(full, { branch: 'main', files: { ...FILES, x: '1' } });
      gh.signatureHeaders = ['sha256', 'sha1'];
      const received = got.find((g) => g.headers['x-github-delivery'] === deliveries.find((d) => d.url === url)!.guid)!;
      expect(received.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(received.headers['x-hub-signature-256']).toBeUndefined();
      const event = (await source.verifyDelivery(received, 'formsecret')) as PushEvent;
      expect(event).toMatchObject({ kind: 'push', branch: 'main', sha });
      expect(event.repo.full_name).toBe('acme/site');
    } finally {
      gh.signatureHeaders = ['sha256', 'sha1'];
      await new Promise<void>((r) => rx.close(() => r()));
    }
  });

  it('derives the web host from the API base URL (github.com, GitHub Enterprise Server, a fake)', () => {
    expect(webUrlFor({}).href).toBe('https://github.com/');
    expect(webUrlFor({ baseUrl: 'https://git.example.test/api/v3' }).href).toBe('https://git.example.test/');
    expect(webUrlFor({ baseUrl: gh.url }).origin).toBe(gh.url);
    expect(githubSource().parseRepositoryUrl('https://github.com/acme/api.git')).toEqual({
      host: 'github.com',
      owner: 'acme',
      name: 'api',
      full_name: 'acme/api',
      url: 'https://github.com/acme/api',
      key: 'github.com/acme/api',
    });
  });
});

// The same contract against github.com: this describe exists only when both variables are set, so a run without
// them reports no real-GitHub tests at all rather than passing skipped ones.
const realToken = process.env.GITHUB_TOKEN;
const realRepo = process.env.GITHUB_TEST_REPO;
if (realToken && realRepo) {
  const [owner, name] = realRepo.split('/');
  const octokit = new Octokit({ auth: realToken });
  const { data: info } = await octokit.rest.repos.get({ owner, repo: name });
  sourceControlContract(
    `github.com (${realRepo})`,
    async () => {
      const { data: head } = await octokit.rest.repos.getCommit({ owner, repo: name, ref: info.default_branch });
      const { data: tree } = await octokit.rest.git.getTree({ owner, repo: name, tree_sha: head.commit.tree.sha });
      const blob = tree.tree.find((t) => t.type === 'blob' && (t.size ?? 0) < 100_000);
      if (!blob?.path || !blob.sha) throw new Error(`${realRepo} needs a small file at the root of ${info.default_branch}`);
      const { data: content } = await octokit.rest.git.getBlob({ owner, repo: name, file_sha: blob.sha });
      return {
        source: githubSource(),
        unreachableSource: githubSource({ baseUrl: `http://127.0.0.1:${await closedPort()}`, webUrl: 'https://github.com' }),
        repoUrl: info.html_url,
        missingRepoUrl: `https://github.com/${owner}/slipway-missing-${randomBytes(4).toString('hex')}`,
        adminToken: realToken,
        badToken: `ghp_${randomBytes(18).toString('hex')}`,
        knownFile: { path: blob.path, content: Buffer.from(content.content, 'base64').toString('utf8') },
        // A commit on no branch (same tree as the head), so statuses from earlier runs never pile up on it.
        newCommit: async () =>
          (await octokit.rest.git.createCommit({ owner, repo: name, message: `slipway contract ${randomBytes(4).toString('hex')}`, tree: head.commit.tree.sha, parents: [head.sha] })).data.sha,
        callbackUrl: 'https://example.com/slipway-contract',
      };
    },
    { deliveries: false, checkRuns: false, privateRepo: info.private },
  );
}
