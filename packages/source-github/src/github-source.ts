import { Octokit } from '@octokit/rest';
import {
  DriverUnavailableError,
  NotFoundError,
  ValidationError,
  type ArchiveOptions,
  type CommitArchive,
  type CommitState,
  type CommitStateOptions,
  type CommitStatusInput,
  type RegisteredWebhook,
  type RepositoryInfo,
  type RepositoryRef,
  type SourceCallOptions,
  type SourceControl,
  type SourceEvent,
  type WebhookDelivery,
  type WebhookRegistration,
} from '@slipway/core';
import { combine, commitChecks } from './commit-checks.js';
import { normalizeEvent } from './normalize-event.js';
import { GITHUB_API, webUrlFor, type GitHubSourceOptions } from './options.js';
import { parseRepositoryUrl, repositoryRef } from './repository-url.js';
import { toDomainError } from './to-domain-error.js';
import { verifyDelivery } from './verify-delivery.js';

const SHA = /^[0-9a-f]{40}$/i;
const HOOK_EVENTS = ['push', 'pull_request'];

function requireSha(sha: string): string {
  if (!SHA.test(sha)) throw new ValidationError('expected a full 40-character commit sha', 'sha');
  return sha.toLowerCase();
}

/** SourceControl for GitHub and GitHub Enterprise Server, on Octokit. Holds no user token beyond one call. */
export class GitHubSource implements SourceControl {
  readonly name = 'github';
  private readonly web: URL;
  private readonly baseUrl: string;

  constructor(private readonly options: GitHubSourceOptions = {}) {
    this.web = webUrlFor(options);
    this.baseUrl = (options.baseUrl ?? GITHUB_API).replace(/\/+$/, '');
  }

  parseRepositoryUrl(url: string): RepositoryRef {
    return parseRepositoryUrl(this.web, url);
  }

  async checkAccess(repo: RepositoryRef, options: SourceCallOptions = {}): Promise<RepositoryInfo> {
    const gh = await this.client(repo, options.token);
    const { data } = await this.call(`repository ${repo.full_name}`, () => gh.rest.repos.get({ owner: repo.owner, repo: repo.name }));
    const p = data.permissions;
    return {
      // GitHub's spelling (and its new name after a rename), so what gets stored is canonical.
      repo: repositoryRef(this.web, data.owner.login, data.name),
      default_branch: data.default_branch,
      private: data.private,
      permissions: p ? { admin: p.admin, push: p.push, pull: p.pull } : null,
    };
  }

  async registerWebhook(repo: RepositoryRef, registration: WebhookRegistration): Promise<RegisteredWebhook> {
    if (!registration.token) throw new ValidationError('registering a webhook needs the user token', 'token');
    const gh = this.octokit(registration.token);
    const what = `webhooks of ${repo.full_name}`;
    const ids = { owner: repo.owner, repo: repo.name };
    const config = { url: registration.callback_url, content_type: 'json', secret: registration.secret, insecure_ssl: '0' as const };
    const existing = async () => {
      const hooks = await this.call(what, () => gh.paginate(gh.rest.repos.listWebhooks, { ...ids, per_page: 100 }));
      return hooks.find((h) => h.config.url === registration.callback_url);
    };
    const update = async (id: number) => {
      await this.call(what, () => gh.rest.repos.updateWebhook({ ...ids, hook_id: id, active: true, events: HOOK_EVENTS, config }));
      return { id: String(id) };
    };
    const found = await existing();
    if (found) return update(found.id);
    try {
      const { data } = await gh.rest.repos.createWebhook({ ...ids, name: 'web', active: true, events: HOOK_EVENTS, config });
      return { id: String(data.id) };
    } catch (err) {
      // Another registration for the same URL won the race: take its hook over instead of failing.
      const raced = (err as { status?: number }).status === 422 ? await existing() : undefined;
      if (raced) return update(raced.id);
      throw toDomainError(err, what);
    }
  }

  async deleteWebhook(repo: RepositoryRef, hookId: string, options: SourceCallOptions = {}): Promise<void> {
    if (!/^\d+$/.test(hookId)) throw new ValidationError('GitHub hook ids are numeric', 'hook_id');
    const gh = await this.client(repo, options.token);
    try {
      await this.call(`webhook ${hookId} of ${repo.full_name}`, () => gh.rest.repos.deleteWebhook({ owner: repo.owner, repo: repo.name, hook_id: Number(hookId) }));
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }

  async archive(repo: RepositoryRef, sha: string, options: ArchiveOptions = {}): Promise<CommitArchive> {
    const commit = requireSha(sha);
    const what = `archive of ${repo.full_name}@${commit.slice(0, 12)}`;
    const gh = await this.client(repo, options.token);
    // The API answers with a redirect to a short-lived signed URL on the download host; fetch that ourselves so
    // the caller's fetch (outbound policy) applies to it and the API credential is not sent there.
    const res = await this.call(what, () =>
      gh.request('GET /repos/{owner}/{repo}/tarball/{ref}', { owner: repo.owner, repo: repo.name, ref: commit, request: { redirect: 'manual', signal: options.signal } }),
    );
    const location = res.headers.location;
    if ((res.status as number) < 300 || (res.status as number) >= 400 || !location) {
      throw new DriverUnavailableError(`GitHub did not redirect to the ${what}`);
    }
    const download = options.fetch ?? this.options.archiveFetch ?? globalThis.fetch;
    let dl: Response;
    try {
      dl = await download(new URL(location, this.baseUrl).href, { signal: options.signal, redirect: 'follow' });
    } catch (err) {
      throw toDomainError(err, what);
    }
    if (dl.status === 404) throw new NotFoundError(`${what} was not found on GitHub`);
    if (!dl.ok || !dl.body) throw new DriverUnavailableError(`GitHub's download host answered ${dl.status} for the ${what}`);
    const length = Number(dl.headers.get('content-length'));
    return { sha: commit, format: 'tar.gz', size: Number.isFinite(length) && dl.headers.has('content-length') ? length : null, stream: dl.body };
  }

  async resolveCommit(repo: RepositoryRef, ref: string, options: SourceCallOptions = {}): Promise<string> {
    if (!ref.trim()) throw new ValidationError('ref is empty', 'ref');
    const gh = await this.client(repo, options.token);
    const what = `ref ${ref} of ${repo.full_name}`;
    const { data } = await this.call(what, () => gh.rest.repos.getCommit({ owner: repo.owner, repo: repo.name, ref, per_page: 1 }));
    return data.sha;
  }

  async commitState(repo: RepositoryRef, sha: string, options: CommitStateOptions = {}): Promise<CommitState> {
    const commit = requireSha(sha);
    const gh = await this.client(repo, options.token);
    const what = `checks of ${repo.full_name}@${commit.slice(0, 12)}`;
    const ids = { owner: repo.owner, repo: repo.name, ref: commit, per_page: 100 };
    const [statuses, runs] = await Promise.all([
      this.call(what, () => gh.paginate(gh.rest.repos.listCommitStatusesForRef, ids)),
      this.call(what, () => gh.paginate(gh.rest.checks.listForRef, { ...ids, filter: 'latest' })),
    ]);
    const checks = commitChecks(statuses, runs, options.ignore);
    return { sha: commit, state: combine(checks), total_count: checks.length, checks };
  }

  async createCommitStatus(repo: RepositoryRef, sha: string, status: CommitStatusInput, options: SourceCallOptions = {}): Promise<void> {
    const commit = requireSha(sha);
    const gh = await this.client(repo, options.token);
    // GitHub refuses descriptions over 140 characters; a shortened one beats a lost status.
    const description = status.description && status.description.length > 140 ? `${status.description.slice(0, 139)}…` : status.description;
    await this.call(`commit ${commit.slice(0, 12)} of ${repo.full_name}`, () =>
      gh.rest.repos.createCommitStatus({ owner: repo.owner, repo: repo.name, sha: commit, state: status.state, context: status.context, description, target_url: status.target_url }),
    );
  }

  async verifyDelivery(delivery: WebhookDelivery, secret: string | string[]): Promise<SourceEvent> {
    return normalizeEvent(await verifyDelivery(delivery, secret), (url) => this.parseRepositoryUrl(url));
  }

  /** An Octokit for one call: the user's token, else the app credential, else anonymous. */
  private async client(repo: RepositoryRef, token: string | undefined): Promise<Octokit> {
    const app = this.options.appCredential;
    return this.octokit(token ?? (typeof app === 'function' ? await app(repo) : app));
  }

  private octokit(auth: string | undefined): Octokit {
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    const gh = new Octokit({
      ...(auth ? { auth } : {}),
      baseUrl: this.baseUrl,
      userAgent: this.options.userAgent ?? 'slipway-source-github',
      request: { ...(this.options.fetch ? { fetch: this.options.fetch } : {}) },
      // Octokit would print deprecations and failed requests through console; errors reach the caller instead.
      log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    gh.hook.wrap('request', (request, opts) => {
      const signals = [AbortSignal.timeout(timeoutMs), ...(opts.request?.signal ? [opts.request.signal] : [])];
      return request({ ...opts, request: { ...opts.request, signal: AbortSignal.any(signals) } });
    });
    return gh;
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toDomainError(err, what);
    }
  }
}

/** Creates the GitHub SourceControl; with no options it talks to github.com anonymously unless a call brings a token. */
export function githubSource(options: GitHubSourceOptions = {}): SourceControl {
  return new GitHubSource(options);
}
