import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deliver, redeliver, type SignatureHeader } from './deliveries.js';
import { pullRequestEvent, pushEvent, ZERO_SHA } from './event-payloads.js';
import { FakeState } from './fake-state.js';
import { bearer, HttpFailure, sendFailure } from './http-kit.js';
import type { FakeCheckRun, FakeDelivery, FakeFile, FakeHook, FakePermission, FakePullRequest, FakeRepo, FakeStatus } from './model.js';
import type { Urls } from './representations.js';
import { ROUTES, serveCodeload, type RouteContext } from './routes.js';

/** Options of `GitHubFake.start`. */
export interface GitHubFakeOptions {
  /** Loopback address to listen on; 127.0.0.1 by default. */
  host?: string;
  /** Port; a free one by default. */
  port?: number;
}

/** A repository to create. */
export interface CreateRepoInput {
  /** Owning user or organization (created on first use). */
  owner: string;
  name: string;
  private?: boolean;
  default_branch?: string;
  /** Other users' roles; the owner is always admin. */
  collaborators?: Record<string, FakePermission>;
  /** Files of an initial commit on the default branch; no commit (an empty repository) when absent. */
  files?: Record<string, FakeFile>;
}

/** A commit to make on a branch: a full snapshot of the tree. */
export interface CommitInput {
  /** The repository's default branch when absent. */
  branch?: string;
  files: Record<string, FakeFile>;
  message?: string;
  /** Login shown as author and pusher; the repository owner by default. */
  author?: string;
}

/** A pull request to open. */
export interface OpenPullRequestInput {
  /** Head branch; it must exist in `head_repo`. */
  head: string;
  /** Base branch; the default branch when absent. */
  base?: string;
  /** `owner/name` of a fork the head branch lives in; the same repository when absent. */
  head_repo?: string;
  title?: string;
  /** Login opening it; the head repository's owner by default. */
  author?: string;
}

/** What a delivering helper did: the commit it made (if any) and the deliveries sent, one per subscribed hook. */
export interface DeliveryResult {
  sha: string | null;
  deliveries: FakeDelivery[];
}

/**
 * A wire-faithful fake of GitHub on loopback: the REST API (repositories, hooks, tarballs, commits, statuses,
 * check runs) with GitHub's status codes, error bodies, pagination and auth semantics, a codeload-like archive
 * server, and webhook deliveries signed like GitHub's. One base URL serves API, web and codeload paths.
 */
export class GitHubFake {
  /** Base URL: `baseUrl` for API clients and the web host of repository URLs (`<url>/<owner>/<repo>`). */
  readonly url: string;
  /** Signature headers deliveries carry; both by default, as GitHub sends. */
  signatureHeaders: SignatureHeader[] = ['sha256', 'sha1'];
  /** While true, every API call answers 403 with GitHub's rate-limit body and headers. */
  rateLimited = false;
  private readonly state = new FakeState();
  private readonly urls: Urls;

  private constructor(private readonly server: Server) {
    const { address, port } = server.address() as AddressInfo;
    this.url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
    this.urls = { api: this.url, web: this.url };
  }

  /** Starts a fake on loopback. */
  static async start(options: GitHubFakeOptions = {}): Promise<GitHubFake> {
    let fake: GitHubFake | undefined;
    const server = createServer((req, res) => void fake!.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
    });
    fake = new GitHubFake(server);
    return fake;
  }

  /** Creates a user (or organization) and returns a fresh token acting as it (organizations get none). */
  createUser(login: string, options: { organization?: boolean } = {}): { login: string; token: string | null } {
    this.state.user(login, options.organization ? 'Organization' : 'User');
    return { login, token: options.organization ? null : this.state.issueToken(login) };
  }

  /** Issues another token for `login` (creating the user on first use). */
  issueToken(login: string): string {
    return this.state.issueToken(login);
  }

  /** Revokes a token: later calls with it answer 401 Bad credentials. */
  revokeToken(token: string): void {
    this.state.tokens.delete(token);
  }

  /** Creates a repository (and an initial commit when `files` are given); returns its web URL and full name. */
  createRepo(input: CreateRepoInput): { full_name: string; html_url: string; clone_url: string } {
    const full = `${input.owner}/${input.name}`;
    if (this.state.repo(full)) throw new Error(`github-fake: repository ${full} exists`);
    const repo: FakeRepo = {
      id: this.state.id(),
      owner: this.state.user(input.owner),
      name: input.name,
      private: input.private ?? false,
      default_branch: input.default_branch ?? 'main',
      collaborators: new Map(Object.entries(input.collaborators ?? {})),
      branches: new Map(),
      commits: new Map(),
      hooks: new Map(),
      statuses: [],
      check_runs: [],
      pulls: new Map(),
      created_at: new Date().toISOString(),
    };
    this.state.repos.set(full.toLowerCase(), repo);
    if (input.files) this.state.commit(repo, repo.default_branch, input.files, 'Initial commit', input.owner);
    return { full_name: full, html_url: `${this.url}/${full}`, clone_url: `${this.url}/${full}.git` };
  }

  /** Adds a commit without sending any event (seeding history); returns its sha. */
  commit(repo: string, input: CommitInput): string {
    const r = this.state.mustRepo(repo);
    return this.state.commit(r, input.branch ?? r.default_branch, input.files, input.message ?? 'Update', input.author ?? r.owner.login).sha;
  }

  /** Commits like `commit` and sends the `push` event GitHub sends for it. */
  async push(repo: string, input: CommitInput): Promise<DeliveryResult> {
    const r = this.state.mustRepo(repo);
    const branch = input.branch ?? r.default_branch;
    const before = r.branches.get(branch) ?? ZERO_SHA;
    const sha = this.commit(repo, input);
    const event = pushEvent(this.urls, this.state, r, `refs/heads/${branch}`, before, sha, input.author ?? r.owner.login);
    return { sha, deliveries: await deliver(this.state, r, event, this.signatureHeaders) };
  }

  /** Deletes a branch and sends the `push` event with `deleted: true`. */
  async deleteBranch(repo: string, branch: string): Promise<DeliveryResult> {
    const r = this.state.mustRepo(repo);
    const before = r.branches.get(branch);
    if (!before) throw new Error(`github-fake: no branch ${branch} in ${repo}`);
    r.branches.delete(branch);
    const event = pushEvent(this.urls, this.state, r, `refs/heads/${branch}`, before, ZERO_SHA, r.owner.login);
    return { sha: null, deliveries: await deliver(this.state, r, event, this.signatureHeaders) };
  }

  /** The head commit of a branch (the default branch when absent). */
  head(repo: string, branch?: string): string {
    const r = this.state.mustRepo(repo);
    const sha = r.branches.get(branch ?? r.default_branch);
    if (!sha) throw new Error(`github-fake: no branch ${branch ?? r.default_branch} in ${repo}`);
    return sha;
  }

  /** Opens a pull request and sends `pull_request` `opened`. */
  async openPullRequest(repo: string, input: OpenPullRequestInput): Promise<DeliveryResult & { number: number }> {
    const r = this.state.mustRepo(repo);
    const headRepo = this.state.mustRepo(input.head_repo ?? repo);
    const sha = headRepo.branches.get(input.head);
    if (!sha) throw new Error(`github-fake: no branch ${input.head} in ${headRepo.owner.login}/${headRepo.name}`);
    const number = Math.max(0, ...r.pulls.keys()) + 1;
    const pr: FakePullRequest = {
      number,
      id: this.state.id(),
      title: input.title ?? `Change ${input.head}`,
      user: input.author ?? headRepo.owner.login,
      head_repo: `${headRepo.owner.login}/${headRepo.name}`,
      head_branch: input.head,
      base_branch: input.base ?? r.default_branch,
      state: 'open',
      merged: false,
      created_at: new Date().toISOString(),
      closed_at: null,
      merge_commit_sha: null,
    };
    r.pulls.set(number, pr);
    return { number, sha, deliveries: await this.sendPull(r, pr, 'opened', pr.user) };
  }

  /**
   * Pushes a commit to a pull request's head branch: sends `push` to the head repository's hooks, then
   * `pull_request` `synchronize` (with `before` and `after`) to the base repository's, as GitHub does.
   */
  async synchronizePullRequest(repo: string, number: number, input: Omit<CommitInput, 'branch'>): Promise<DeliveryResult> {
    const r = this.state.mustRepo(repo);
    const pr = this.pull(r, number);
    const before = this.head(pr.head_repo, pr.head_branch);
    const pushed = await this.push(pr.head_repo, { ...input, branch: pr.head_branch });
    const sync = await this.sendPull(r, pr, 'synchronize', input.author ?? pr.user, { before, after: pushed.sha! });
    return { sha: pushed.sha, deliveries: [...pushed.deliveries, ...sync] };
  }

  /**
   * Closes a pull request and sends `pull_request` `closed`. With `merged`, first makes a merge commit of the head's
   * tree on the base branch and sends its `push`, as a merge on GitHub does.
   */
  async closePullRequest(repo: string, number: number, options: { merged?: boolean } = {}): Promise<DeliveryResult> {
    const r = this.state.mustRepo(repo);
    const pr = this.pull(r, number);
    if (pr.state === 'closed') throw new Error(`github-fake: pull request #${number} is closed`);
    let deliveries: FakeDelivery[] = [];
    let sha: string | null = null;
    if (options.merged) {
      const head = this.state.mustRepo(pr.head_repo).commits.get(this.head(pr.head_repo, pr.head_branch))!;
      const merged = await this.push(repo, { branch: pr.base_branch, files: head.files, message: `Merge pull request #${number}` });
      ({ sha, deliveries } = merged);
      pr.merged = true;
      pr.merge_commit_sha = sha;
    }
    pr.state = 'closed';
    pr.closed_at = new Date().toISOString();
    return { sha, deliveries: [...deliveries, ...(await this.sendPull(r, pr, 'closed', r.owner.login))] };
  }

  /** Reopens a closed, unmerged pull request and sends `pull_request` `reopened`. */
  async reopenPullRequest(repo: string, number: number): Promise<DeliveryResult> {
    const r = this.state.mustRepo(repo);
    const pr = this.pull(r, number);
    if (pr.state !== 'closed' || pr.merged) throw new Error(`github-fake: pull request #${number} cannot be reopened`);
    Object.assign(pr, { state: 'open', closed_at: null });
    return { sha: null, deliveries: await this.sendPull(r, pr, 'reopened', pr.user) };
  }

  /** Sends any other `pull_request` action (e.g. `labeled`) for an existing pull request. */
  async sendPullRequestAction(repo: string, number: number, action: string): Promise<FakeDelivery[]> {
    const r = this.state.mustRepo(repo);
    return this.sendPull(r, this.pull(r, number), action, r.owner.login);
  }

  /** Adds a check run on `sha` (on GitHub only GitHub Apps create them, so tests do it here); returns its id. */
  addCheckRun(repo: string, sha: string, input: { name: string; status?: FakeCheckRun['status']; conclusion?: FakeCheckRun['conclusion']; details_url?: string; app?: string }): number {
    const r = this.state.mustRepo(repo);
    if (!r.commits.has(sha)) throw new Error(`github-fake: no commit ${sha} in ${repo}`);
    const status = input.status ?? (input.conclusion ? 'completed' : 'queued');
    const now = new Date().toISOString();
    const run: FakeCheckRun = {
      id: this.state.id(),
      head_sha: sha,
      name: input.name,
      status,
      conclusion: status === 'completed' ? (input.conclusion ?? 'success') : null,
      details_url: input.details_url ?? null,
      started_at: now,
      completed_at: status === 'completed' ? now : null,
      app: input.app ?? 'github-actions',
    };
    r.check_runs.push(run);
    return run.id;
  }

  /** Moves a check run on (e.g. to `completed` with a conclusion). */
  updateCheckRun(repo: string, id: number, update: { status: FakeCheckRun['status']; conclusion?: FakeCheckRun['conclusion'] }): void {
    const run = this.state.mustRepo(repo).check_runs.find((c) => c.id === id);
    if (!run) throw new Error(`github-fake: no check run ${id} in ${repo}`);
    run.status = update.status;
    run.conclusion = update.status === 'completed' ? (update.conclusion ?? 'success') : null;
    run.completed_at = update.status === 'completed' ? new Date().toISOString() : null;
  }

  /** Commit statuses of `sha`, oldest first. */
  statuses(repo: string, sha: string): FakeStatus[] {
    return this.state.mustRepo(repo).statuses.filter((s) => s.sha === sha);
  }

  /** The repository's hooks with their secrets (tests may check one was registered with the right secret). */
  hooks(repo: string): FakeHook[] {
    return [...this.state.mustRepo(repo).hooks.values()];
  }

  /** Every delivery attempt so far, optionally only of one repository and event, oldest first. */
  deliveries(filter: { repo?: string; event?: string } = {}): FakeDelivery[] {
    return this.state.deliveries.filter(
      (d) => (!filter.repo || d.repo.toLowerCase() === filter.repo.toLowerCase()) && (!filter.event || d.event === filter.event),
    );
  }

  /** Waits for a delivery matching `match` (pings are sent just after a hook is created). */
  async waitForDelivery(match: (d: FakeDelivery) => boolean, timeoutMs = 10_000): Promise<FakeDelivery> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.state.deliveries.find(match);
      if (hit) return hit;
      if (Date.now() > until) throw new Error('github-fake: no matching delivery arrived');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Sends a delivery again with the same `X-GitHub-Delivery` guid and body, as GitHub's "Redeliver" does. */
  redeliver(guid: string): Promise<FakeDelivery> {
    return redeliver(this.state, guid, this.signatureHeaders);
  }

  /** Stops listening and drops open connections. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pull(r: FakeRepo, number: number): FakePullRequest {
    const pr = r.pulls.get(number);
    if (!pr) throw new Error(`github-fake: no pull request #${number}`);
    return pr;
  }

  private sendPull(r: FakeRepo, pr: FakePullRequest, action: string, sender: string, sync?: { before: string; after: string }): Promise<FakeDelivery[]> {
    return deliver(this.state, r, pullRequestEvent(this.urls, this.state, r, pr, action, sender, sync), this.signatureHeaders);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    try {
      if (req.method === 'GET' && (await serveCodeload(this.state, url, res))) return;
      const token = bearer(req);
      const login = token === null ? null : this.state.tokens.get(token);
      if (login === undefined) throw new HttpFailure(401, 'Bad credentials');
      if (this.rateLimited) {
        const reset = String(Math.floor(Date.now() / 1000) + 60);
        throw new HttpFailure(403, 'API rate limit exceeded for user.', undefined, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset });
      }
      for (const route of ROUTES) {
        const m = route.pattern.exec(url.pathname);
        if (!m || route.method !== req.method) continue;
        // Optional groups stay undefined; octokit sends `/` inside a ref as %2F, so decoding yields the ref.
        const params = m.slice(1).map((p) => p && decodeURIComponent(p));
        const ctx: RouteContext = { req, res, url, params, login, state: this.state, urls: this.urls, signatures: this.signatureHeaders };
        await route.handle(ctx);
        return;
      }
      throw new HttpFailure(404, 'Not Found');
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendFailure(res, this.urls, err instanceof HttpFailure ? err : new HttpFailure(500, `github-fake: ${(err as Error).message}`));
    }
  }
}
