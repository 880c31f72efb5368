import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DriverUnavailableError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
  type PullRequestEvent,
  type PushEvent,
  type RepositoryRef,
  type SourceControl,
  type SourceEvent,
  type WebhookDelivery,
} from '@slipway/core';
import { readArchive } from './test-archives.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** What the host behind a SourceControl lets the contract do; cases needing a missing power are not defined. */
export interface SourceControlCapabilities {
  /** The fixture can make the host send webhook deliveries to a loopback receiver (`fixture.events`). */
  deliveries: boolean;
  /** The fixture can add check runs to commits (`fixture.addCheckRun`); on GitHub only GitHub Apps can. */
  checkRuns: boolean;
  /** The repository is private: anonymous calls must not see it. */
  privateRepo: boolean;
}

/** A pull request the fixture made the host open, as the contract expects to see it in events. */
export interface ContractPullRequest {
  number: number;
  head_sha: string;
  head_branch: string;
  base_branch: string;
}

/** Drives the host to emit events (a fake host; a real one cannot reach a loopback receiver). */
export interface SourceControlEvents {
  /** Pushes a new commit to `branch` of the repository. */
  push(branch: string): Promise<{ sha: string }>;
  /** Opens a pull request from a new branch into the default branch. */
  openPullRequest(): Promise<ContractPullRequest>;
  /** Pushes a commit to the pull request's head branch; returns the new head. */
  synchronizePullRequest(number: number): Promise<{ head_sha: string }>;
  /** Closes the pull request, merging it when `merged`. */
  closePullRequest(number: number, merged: boolean): Promise<void>;
  /** Makes the host send an earlier delivery again. */
  redeliver(deliveryId: string): Promise<void>;
}

/** What the adapter's test hands the contract. */
export interface SourceControlFixture {
  /** The adapter under test, configured without an app-level credential. */
  source: SourceControl;
  /** The same adapter (same web host, so `repoUrl` parses) with its API at an address that does not answer. */
  unreachableSource: SourceControl;
  /** Web URL of a repository `adminToken` administers; its default branch has at least one commit. */
  repoUrl: string;
  /** A repository URL on the same host that does not exist. */
  missingRepoUrl: string;
  /** A user token with admin rights on the repository. */
  adminToken: string;
  /** A token the host rejects. */
  badToken: string;
  /** A valid token of a user without access to the (private) repository, when the host has one. */
  outsiderToken?: string;
  /** A file of the default branch's head commit, to find in its archive. */
  knownFile: { path: string; content: string };
  /** Makes a fresh commit (no statuses yet) in the repository; returns its sha. */
  newCommit(): Promise<string>;
  /** Adds a check run to a commit (capability `checkRuns`). */
  addCheckRun?(sha: string, run: { name: string; status: 'queued' | 'in_progress' | 'completed'; conclusion?: 'success' | 'failure' | 'neutral' }): Promise<void>;
  /** Makes the host send events (capability `deliveries`). */
  events?: SourceControlEvents;
  /**
   * Callback URL to register hooks with when deliveries are not exercised (a real host may refuse loopback URLs);
   * the contract's own loopback receiver is used otherwise.
   */
  callbackUrl?: string;
  /** Called once after the suite, after the contract deleted the hooks it registered. */
  teardown?: () => Promise<void>;
}

interface Received {
  /** Path and query the host posted to: hooks of other tests post to other queries. */
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

// Cases the host cannot support are not defined at all (rather than reported as skipped), so every listed test ran.
const noop = () => undefined;
const whenIt = (cond: boolean): typeof it => (cond ? it : (noop as unknown as typeof it));
const whenDescribe = (cond: boolean): typeof describe => (cond ? describe : (noop as unknown as typeof describe));

/** Polls until `probe` returns a value, failing with `what` after the deadline. */
async function eventually<T>(what: string, probe: () => T | undefined, deadlineMs = 15_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function startReceiver(): Promise<{ url: string; got: Received[]; server: Server }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/source`, got, server };
}

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) parts.push(chunk);
  return Buffer.concat(parts);
}

/** Signs `body` like GitHub: `sha256=<hex>` / `sha1=<hex>` HMACs of the raw bytes. */
function sign(algorithm: 'sha256' | 'sha1', secret: string, body: string): string {
  return `${algorithm}=${createHmac(algorithm, secret).update(body).digest('hex')}`;
}

/**
 * The SourceControl contract: every source-control adapter runs it against its host (a wire-faithful fake always;
 * the real host when credentials are given). `setup` is called once; hooks the suite registers are deleted after.
 */
export function sourceControlContract(name: string, setup: () => Promise<SourceControlFixture>, capabilities: SourceControlCapabilities): void {
  describe(`SourceControl contract: ${name}`, () => {
    let fx: SourceControlFixture;
    let repo: RepositoryRef;
    let rx: Awaited<ReturnType<typeof startReceiver>>;
    const registered: string[] = [];
    const callback = (suffix: string) => `${fx.callbackUrl ?? rx.url}?c=${suffix}-${randomBytes(4).toString('hex')}`;
    const webBase = () => new URL(fx.repoUrl).origin;

    beforeAll(async () => {
      rx = await startReceiver();
      fx = await setup();
      repo = fx.source.parseRepositoryUrl(fx.repoUrl);
    }, 120_000);

    afterAll(async () => {
      if (fx) {
        for (const id of registered) await fx.source.deleteWebhook(repo, id, { token: fx.adminToken });
        await fx.teardown?.();
      }
      await new Promise<void>((r) => (rx ? rx.server.close(() => r()) : r()));
    }, 120_000);

    describe('repository URLs', () => {
      it('parses the web URL, with .git or a trailing slash, to one repository key', () => {
        const base = fx.repoUrl.replace(/\/+$/, '');
        expect(repo.url.toLowerCase()).toBe(base.toLowerCase());
        expect(repo.full_name).toBe(`${repo.owner}/${repo.name}`);
        for (const spelling of [`${base}.git`, `${base}/`, base.toUpperCase().replace(/^HTTP(S?):/, 'http$1:')]) {
          expect(fx.source.parseRepositoryUrl(spelling).key).toBe(repo.key);
        }
        expect(repo.key).toBe(repo.key.toLowerCase());
      });

      it('rejects other hosts, extra paths, credentials, queries and non-URLs with ValidationError on repo_url', () => {
        const origin = webBase();
        const u = new URL(fx.repoUrl);
        const bad = [
          `https://elsewhere.invalid/${repo.owner}/${repo.name}`,
          `${origin}/${repo.owner}`,
          `${origin}/${repo.owner}/${repo.name}/tree/main`,
          `${u.protocol}//user:secret@${u.host}/${repo.owner}/${repo.name}`,
          `${origin}/${repo.owner}/${repo.name}?tab=readme`,
          `${origin}/-bad-/${repo.name}`,
          `${origin}/${repo.owner}/..`,
          'not a url',
          `ftp://${u.host}/${repo.owner}/${repo.name}`,
        ];
        for (const url of bad) {
          let caught: unknown;
          try {
            fx.source.parseRepositoryUrl(url);
          } catch (err) {
            caught = err;
          }
          expect(caught, url).toBeInstanceOf(ValidationError);
          expect((caught as ValidationError).field).toBe('repo_url');
          expect((caught as Error).message).not.toContain('secret');
        }
      });
    });

    describe('access', () => {
      it('checks access with a token and reports default branch and rights', async () => {
        const info = await fx.source.checkAccess(repo, { token: fx.adminToken });
        expect(info.repo.key).toBe(repo.key);
        expect(info.default_branch).toMatch(/\S/);
        expect(info.private).toBe(capabilities.privateRepo);
        expect(info.permissions).toEqual({ admin: true, push: true, pull: true });
      });

      it('throws UnauthorizedError for a rejected token, without echoing it', async () => {
        const err = await fx.source.checkAccess(repo, { token: fx.badToken }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(UnauthorizedError);
        expect((err as Error).message).not.toContain(fx.badToken);
      });

      it('throws NotFoundError for a missing repository', async () => {
        await expect(fx.source.checkAccess(fx.source.parseRepositoryUrl(fx.missingRepoUrl), { token: fx.adminToken })).rejects.toBeInstanceOf(NotFoundError);
      });

      whenIt(capabilities.privateRepo)('hides a private repository from anonymous callers and outsiders', async () => {
        await expect(fx.source.checkAccess(repo)).rejects.toBeInstanceOf(NotFoundError);
        if (fx.outsiderToken) await expect(fx.source.checkAccess(repo, { token: fx.outsiderToken })).rejects.toBeInstanceOf(NotFoundError);
      });

      it('throws DriverUnavailableError when the host does not answer', async () => {
        await expect(fx.unreachableSource.checkAccess(repo, { token: fx.adminToken })).rejects.toBeInstanceOf(DriverUnavailableError);
      });
    });

    describe('webhooks', () => {
      it('registers a hook once per callback URL (again: same id), and deletes it idempotently', async () => {
        const url = callback('reg');
        const first = await fx.source.registerWebhook(repo, { token: fx.adminToken, callback_url: url, secret: 'first-secret' });
        registered.push(first.id);
        expect(first.id).toMatch(/\S/);
        const again = await fx.source.registerWebhook(repo, { token: fx.adminToken, callback_url: url, secret: 'second-secret' });
        expect(again.id).toBe(first.id);
        await fx.source.deleteWebhook(repo, first.id, { token: fx.adminToken });
        await fx.source.deleteWebhook(repo, first.id, { token: fx.adminToken });
        registered.splice(registered.indexOf(first.id), 1);
      });

      it('refuses a rejected token with UnauthorizedError', async () => {
        await expect(fx.source.registerWebhook(repo, { token: fx.badToken, callback_url: callback('bad'), secret: 's' })).rejects.toBeInstanceOf(UnauthorizedError);
      });

      whenIt(capabilities.privateRepo)('uses the user token for that call only: later calls without one do not see the repository', async () => {
        const hook = await fx.source.registerWebhook(repo, { token: fx.adminToken, callback_url: callback('once'), secret: 's' });
        registered.push(hook.id);
        await expect(fx.source.checkAccess(repo)).rejects.toBeInstanceOf(NotFoundError);
        if (fx.outsiderToken) {
          const err = await fx.source.deleteWebhook(repo, hook.id, { token: fx.outsiderToken }).then(() => null, (e: unknown) => e);
          // An outsider cannot see the repository: deleting is either refused or a no-op, and the hook survives.
          if (err) expect([NotFoundError, ForbiddenError].some((t) => err instanceof t)).toBe(true);
        }
      });
    });

    describe('commits and archives', () => {
      let head: string;

      beforeAll(async () => {
        const info = await fx.source.checkAccess(repo, { token: fx.adminToken });
        head = await fx.source.resolveCommit(repo, info.default_branch, { token: fx.adminToken });
      });

      it('resolves a branch to a full commit sha and an unknown ref to NotFoundError', async () => {
        expect(head).toMatch(/^[0-9a-f]{40}$/);
        expect(await fx.source.resolveCommit(repo, head, { token: fx.adminToken })).toBe(head);
        await expect(fx.source.resolveCommit(repo, `no-such-branch-${randomBytes(3).toString('hex')}`, { token: fx.adminToken })).rejects.toBeInstanceOf(NotFoundError);
      });

      it('streams the commit archive as a tar.gz with one enclosing directory', async () => {
        const archive = await fx.source.archive(repo, head, { token: fx.adminToken });
        expect(archive).toMatchObject({ sha: head, format: 'tar.gz' });
        const bytes = await bytesOf(archive.stream);
        if (archive.size !== null) expect(archive.size).toBe(bytes.length);
        const entries = readArchive(bytes);
        const roots = new Set(entries.map((e) => e.name.split('/')[0]));
        expect(roots.size).toBe(1);
        const [root] = roots;
        const file = entries.find((e) => e.name === `${root}/${fx.knownFile.path}`);
        expect(file, `${fx.knownFile.path} in the archive`).toBeDefined();
        expect(Buffer.from(file!.data).toString('utf8')).toBe(fx.knownFile.content);
      });

      it('downloads the archive through the fetch the caller injects (the outbound address policy)', async () => {
        const seen: string[] = [];
        const policed: typeof fetch = (input, init) => {
          seen.push(String(input instanceof Request ? input.url : input));
          return fetch(input, init);
        };
        const archive = await fx.source.archive(repo, head, { token: fx.adminToken, fetch: policed });
        await bytesOf(archive.stream);
        expect(seen).toHaveLength(1);
      });

      it('throws NotFoundError for an unknown commit and ValidationError for a non-sha', async () => {
        await expect(fx.source.archive(repo, 'f'.repeat(40), { token: fx.adminToken })).rejects.toBeInstanceOf(NotFoundError);
        await expect(fx.source.archive(repo, 'main', { token: fx.adminToken })).rejects.toBeInstanceOf(ValidationError);
      });

      whenIt(capabilities.privateRepo)('does not hand a private archive to an anonymous caller', async () => {
        await expect(fx.source.archive(repo, head)).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    describe('commit statuses and checks', () => {
      it('combines commit statuses: none is success with no checks, pending, success, failure, ignore', async () => {
        const sha = await fx.newCommit();
        const opts = { token: fx.adminToken };
        expect(await fx.source.commitState(repo, sha, opts)).toEqual({ sha, state: 'success', total_count: 0, checks: [] });
        await fx.source.createCommitStatus(repo, sha, { state: 'pending', context: 'slipway/build', description: 'Building' }, opts);
        expect((await fx.source.commitState(repo, sha, opts)).state).toBe('pending');
        await fx.source.createCommitStatus(repo, sha, { state: 'success', context: 'slipway/build', target_url: 'https://slipway.example/builds/1' }, opts);
        const ok = await fx.source.commitState(repo, sha, opts);
        expect(ok).toMatchObject({ state: 'success', total_count: 1 });
        expect(ok.checks).toEqual([{ kind: 'status', name: 'slipway/build', state: 'success', detail: 'success', target_url: 'https://slipway.example/builds/1' }]);
        await fx.source.createCommitStatus(repo, sha, { state: 'error', context: 'ci/lint' }, opts);
        expect(await fx.source.commitState(repo, sha, opts)).toMatchObject({ state: 'failure', total_count: 2 });
        expect(await fx.source.commitState(repo, sha, { ...opts, ignore: ['ci/lint'] })).toMatchObject({ state: 'success', total_count: 1 });
      });

      it('rejects statuses for unknown commits (NotFoundError) and with a rejected token (UnauthorizedError)', async () => {
        await expect(fx.source.createCommitStatus(repo, 'f'.repeat(40), { state: 'success', context: 'c' }, { token: fx.adminToken })).rejects.toBeInstanceOf(NotFoundError);
        const sha = await fx.newCommit();
        await expect(fx.source.createCommitStatus(repo, sha, { state: 'success', context: 'c' }, { token: fx.badToken })).rejects.toBeInstanceOf(UnauthorizedError);
      });

      whenIt(capabilities.checkRuns)('adds check runs to the combination: running is pending, a failed conclusion fails', async () => {
        const sha = await fx.newCommit();
        const opts = { token: fx.adminToken };
        await fx.source.createCommitStatus(repo, sha, { state: 'success', context: 'slipway/build' }, opts);
        await fx.addCheckRun!(sha, { name: 'tests', status: 'in_progress' });
        const running = await fx.source.commitState(repo, sha, opts);
        expect(running).toMatchObject({ state: 'pending', total_count: 2 });
        expect(running.checks).toContainEqual({ kind: 'check_run', name: 'tests', state: 'pending', detail: 'in_progress', target_url: null });
        await fx.addCheckRun!(sha, { name: 'tests', status: 'completed', conclusion: 'success' });
        await fx.addCheckRun!(sha, { name: 'docs', status: 'completed', conclusion: 'neutral' });
        expect(await fx.source.commitState(repo, sha, opts)).toMatchObject({ state: 'success', total_count: 3 });
        await fx.addCheckRun!(sha, { name: 'lint', status: 'completed', conclusion: 'failure' });
        expect(await fx.source.commitState(repo, sha, opts)).toMatchObject({ state: 'failure', total_count: 4 });
        expect(await fx.source.commitState(repo, sha, { ...opts, ignore: ['lint'] })).toMatchObject({ state: 'success' });
      });
    });

    describe('verifying deliveries', () => {
      const secret = 'contract-secret';
      const repository = () => ({ full_name: repo.full_name, name: repo.name, html_url: repo.url, owner: { login: repo.owner } });
      const delivery = (event: string, payload: object, sigs: Partial<Record<'sha256' | 'sha1', string>> = { sha256: secret }, id = randomBytes(8).toString('hex')): WebhookDelivery => {
        const body = JSON.stringify(payload);
        return {
          headers: {
            'Content-Type': 'application/json',
            'X-GitHub-Event': event,
            'X-GitHub-Delivery': id,
            ...(sigs.sha256 ? { 'X-Hub-Signature-256': sign('sha256', sigs.sha256, body) } : {}),
            ...(sigs.sha1 ? { 'X-Hub-Signature': sign('sha1', sigs.sha1, body) } : {}),
          },
          body: Buffer.from(body),
        };
      };
      const push = (ref: string) => ({ ref, before: '0'.repeat(40), after: 'a'.repeat(40), deleted: false, repository: repository() });

      it('verifies X-Hub-Signature-256 and normalizes a branch push', async () => {
        const d = delivery('push', push('refs/heads/main'), { sha256: secret }, 'delivery-1');
        const event = await fx.source.verifyDelivery(d, secret);
        expect(event).toMatchObject({ kind: 'push', delivery_id: 'delivery-1', branch: 'main', ref: 'refs/heads/main', sha: 'a'.repeat(40), deleted: false });
        expect((event as PushEvent).repo.key).toBe(repo.key);
      });

      it('falls back to X-Hub-Signature (SHA-1) only when there is no SHA-256 signature', async () => {
        expect((await fx.source.verifyDelivery(delivery('push', push('refs/heads/main'), { sha1: secret }), secret)).kind).toBe('push');
        const downgraded = delivery('push', push('refs/heads/main'), { sha256: 'wrong', sha1: secret });
        await expect(fx.source.verifyDelivery(downgraded, secret)).rejects.toBeInstanceOf(UnauthorizedError);
      });

      it('rejects wrong, missing and body-mismatched signatures with UnauthorizedError', async () => {
        await expect(fx.source.verifyDelivery(delivery('push', push('refs/heads/main'), { sha256: 'other' }), secret)).rejects.toBeInstanceOf(UnauthorizedError);
        await expect(fx.source.verifyDelivery(delivery('push', push('refs/heads/main'), {}), secret)).rejects.toBeInstanceOf(UnauthorizedError);
        const tampered = delivery('push', push('refs/heads/main'));
        tampered.body = Buffer.from(Buffer.from(tampered.body).toString('utf8').replace('main', 'prod'));
        await expect(fx.source.verifyDelivery(tampered, secret)).rejects.toBeInstanceOf(UnauthorizedError);
      });

      it('accepts any of several secrets during a rotation', async () => {
        expect((await fx.source.verifyDelivery(delivery('push', push('refs/heads/main'), { sha256: 'new' }), ['old', 'new'])).kind).toBe('push');
      });

      it('throws ValidationError without a delivery id or event name, or with a malformed body', async () => {
        const noId = delivery('push', push('refs/heads/main'));
        delete noId.headers['X-GitHub-Delivery'];
        await expect(fx.source.verifyDelivery(noId, secret)).rejects.toBeInstanceOf(ValidationError);
        const noEvent = delivery('push', push('refs/heads/main'));
        delete noEvent.headers['X-GitHub-Event'];
        await expect(fx.source.verifyDelivery(noEvent, secret)).rejects.toBeInstanceOf(ValidationError);
        const junk = { headers: { 'x-github-event': 'push', 'x-github-delivery': 'd', 'x-hub-signature-256': sign('sha256', secret, '{not json') }, body: '{not json' };
        await expect(fx.source.verifyDelivery(junk, secret)).rejects.toBeInstanceOf(ValidationError);
      });

      it('normalizes tag pushes (no branch), deleted branches, pings, pull requests and ignored events', async () => {
        expect(await fx.source.verifyDelivery(delivery('push', push('refs/tags/v1')), secret)).toMatchObject({ kind: 'push', branch: null, ref: 'refs/tags/v1' });
        const gone = { ...push('refs/heads/old'), after: '0'.repeat(40), deleted: true };
        expect(await fx.source.verifyDelivery(delivery('push', gone), secret)).toMatchObject({ kind: 'push', branch: 'old', deleted: true });
        const ping = await fx.source.verifyDelivery(delivery('ping', { zen: 'z', hook_id: 42, repository: repository() }), secret);
        expect(ping).toMatchObject({ kind: 'ping', hook_id: '42' });
        expect((ping as { repo: RepositoryRef }).repo.key).toBe(repo.key);
        const pr = (action: string, merged = false) => ({
          action,
          number: 7,
          pull_request: { number: 7, merged, head: { ref: 'feature', sha: 'b'.repeat(40), repo: repository() }, base: { ref: 'main', sha: 'c'.repeat(40), repo: repository() } },
          repository: repository(),
        });
        const opened = (await fx.source.verifyDelivery(delivery('pull_request', pr('opened')), secret)) as PullRequestEvent;
        expect(opened).toMatchObject({ kind: 'pull_request', action: 'opened', number: 7, merged: false, head: { sha: 'b'.repeat(40), branch: 'feature' }, base: { branch: 'main' } });
        expect(opened.head.repo?.key).toBe(repo.key);
        expect(await fx.source.verifyDelivery(delivery('pull_request', pr('closed', true)), secret)).toMatchObject({ action: 'closed', merged: true });
        expect(await fx.source.verifyDelivery(delivery('pull_request', pr('labeled')), secret)).toMatchObject({ kind: 'ignored', event: 'pull_request', action: 'labeled' });
        expect(await fx.source.verifyDelivery(delivery('issues', { action: 'opened', repository: repository() }), secret)).toMatchObject({ kind: 'ignored', event: 'issues' });
      });
    });

    whenDescribe(capabilities.deliveries)('deliveries from the host', () => {
      const secret = `whsec-${randomBytes(6).toString('hex')}`;
      const hookUrl = () => `${rx.url}?c=deliveries`;
      let seen = 0;
      const events: SourceEvent[] = [];
      const next = async (match: (e: SourceEvent) => boolean): Promise<SourceEvent> => {
        const until = Date.now() + 15_000;
        for (;;) {
          while (seen < rx.got.length) {
            const r = rx.got[seen++];
            if (!r.path.endsWith('?c=deliveries')) continue;
            events.push(await fx.source.verifyDelivery({ headers: r.headers, body: r.body }, secret));
          }
          const hit = events.find(match);
          if (hit) {
            events.splice(events.indexOf(hit), 1);
            return hit;
          }
          if (Date.now() > until) throw new Error('timed out waiting for a matching delivery');
          await new Promise((r) => setTimeout(r, 25));
        }
      };

      beforeAll(async () => {
        const hook = await fx.source.registerWebhook(repo, { token: fx.adminToken, callback_url: hookUrl(), secret });
        registered.push(hook.id);
        const ping = await next((e) => e.kind === 'ping');
        expect(ping.hook_id).toBe(hook.id);
      });

      it('receives a verified push with branch, sha and repository', async () => {
        const { sha } = await fx.events!.push('main');
        const event = (await next((e) => e.kind === 'push' && e.sha === sha)) as PushEvent;
        expect(event).toMatchObject({ branch: 'main', ref: 'refs/heads/main', deleted: false });
        expect(event.repo.key).toBe(repo.key);
        expect(event.delivery_id).toMatch(/\S/);
      });

      it('receives pull request opened, synchronize and closed events', async () => {
        const pr = await fx.events!.openPullRequest();
        const opened = (await next((e) => e.kind === 'pull_request' && e.action === 'opened' && e.number === pr.number)) as PullRequestEvent;
        expect(opened).toMatchObject({ head: { sha: pr.head_sha, branch: pr.head_branch }, base: { branch: pr.base_branch }, merged: false });
        expect(opened.head.repo?.key).toBe(repo.key);
        const { head_sha } = await fx.events!.synchronizePullRequest(pr.number);
        expect(await next((e) => e.kind === 'pull_request' && e.action === 'synchronize')).toMatchObject({ number: pr.number, head: { sha: head_sha } });
        await fx.events!.closePullRequest(pr.number, true);
        expect(await next((e) => e.kind === 'pull_request' && e.action === 'closed')).toMatchObject({ number: pr.number, merged: true });
      });

      it('keeps the delivery id on redelivery, so the core can handle an event exactly once', async () => {
        const { sha } = await fx.events!.push('main');
        const first = await next((e) => e.kind === 'push' && e.sha === sha);
        await fx.events!.redeliver(first.delivery_id);
        const again = await next((e) => e.delivery_id === first.delivery_id);
        expect(again).toEqual(first);
      });
    });
  });
}
