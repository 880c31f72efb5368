import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { deliver, pingPayload, type SignatureHeader } from './deliveries.js';
import { permits, type FakeState } from './fake-state.js';
import { HttpFailure, notFound, readJson, sendJson, validationFailed } from './http-kit.js';
import type { FakeHook, FakePermission, FakeRepo, FakeStatus } from './model.js';
import { paginate } from './paging.js';
import { checkRunJson, commitJson, hookJson, repoJson, statusJson, userJson, type Urls } from './representations.js';
import { tarball, tarballRoot } from './tarball.js';

/** What a route handler gets: the request, its public URL, path parameters and the caller. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: string[];
  /** Login of the token's user; null for anonymous requests. */
  login: string | null;
  state: FakeState;
  urls: Urls;
  signatures: SignatureHeader[];
}

/** A route: method, a path pattern whose groups become `params` (URL-decoded), and its handler. */
export interface Route {
  method: string;
  pattern: RegExp;
  handle(ctx: RouteContext): Promise<void>;
}

const SEG = '([^/]+)';
const HOOK_EVENTS = new Set([
  '*', 'push', 'pull_request', 'pull_request_review', 'pull_request_review_comment', 'create', 'delete', 'release',
  'issues', 'issue_comment', 'status', 'check_run', 'check_suite', 'deployment', 'deployment_status', 'workflow_run',
]);

/** The repository of `/repos/{owner}/{repo}/...` if the caller may `need` on it; 404 otherwise, as on GitHub. */
function repoFor(ctx: RouteContext, need: FakePermission): FakeRepo {
  const repo = ctx.state.repo(`${ctx.params[0]}/${ctx.params[1]}`);
  if (!repo || !ctx.state.canSee(repo, ctx.login)) throw notFound();
  if (need !== 'pull' && !permits(ctx.state.permission(repo, ctx.login), need)) throw notFound();
  return repo;
}

function hookFor(ctx: RouteContext, repo: FakeRepo): FakeHook {
  const hook = repo.hooks.get(Number(ctx.params[2]));
  if (!hook) throw notFound();
  return hook;
}

function noCommit(ref: string): HttpFailure {
  return new HttpFailure(422, `No commit found for SHA: ${ref}`);
}

function sendPage<T>(ctx: RouteContext, items: T[], wrap?: (page: T[]) => unknown): void {
  const page = paginate(items, ctx.url);
  sendJson(ctx.res, 200, wrap ? wrap(page.items) : page.items, page.link ? { link: page.link } : {});
}

/** Validates a hook `config` (create or update) the way GitHub does. */
function hookConfig(ctx: RouteContext, repo: FakeRepo, raw: unknown, self?: FakeHook): FakeHook['config'] {
  const cfg = (raw ?? {}) as Record<string, unknown>;
  if (typeof cfg.url !== 'string' || !cfg.url) throw validationFailed('Hook', 'Config must contain URL for webhooks');
  let parsed: URL;
  try {
    parsed = new URL(cfg.url);
  } catch {
    throw validationFailed('Hook', 'Config url is not a valid URL', 'config.url');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw validationFailed('Hook', 'Config url is not a valid URL', 'config.url');
  for (const other of repo.hooks.values()) {
    if (other !== self && other.config.url === cfg.url) throw validationFailed('Hook', 'Hook already exists on this repository');
  }
  const contentType = cfg.content_type ?? self?.config.content_type ?? 'form';
  if (contentType !== 'json' && contentType !== 'form') throw validationFailed('Hook', 'Config content_type must be json or form', 'config.content_type');
  const secret = typeof cfg.secret === 'string' && cfg.secret ? cfg.secret : undefined;
  return { url: cfg.url, content_type: contentType, insecure_ssl: String(cfg.insecure_ssl ?? '0') === '1' ? '1' : '0', ...(secret ? { secret } : {}) };
}

function hookEvents(raw: unknown, fallback: string[]): string[] {
  if (raw === undefined) return fallback;
  if (!Array.isArray(raw) || raw.some((e) => typeof e !== 'string' || !HOOK_EVENTS.has(e))) {
    throw validationFailed('Hook', `Invalid event: ${JSON.stringify(raw)}`, 'events');
  }
  return [...new Set(raw as string[])];
}

function sendPing(ctx: RouteContext, repo: FakeRepo, hook: FakeHook): void {
  const event = pingPayload(ctx.urls, repo, hook, hookJson(ctx.urls, repo, hook), ctx.state);
  // GitHub pings a new hook after answering the create call, and a failing receiver does not fail the create.
  setImmediate(() => void deliver(ctx.state, repo, event, ctx.signatures, hook).catch(() => undefined));
}

function latestPerContext(statuses: FakeStatus[]): FakeStatus[] {
  const seen = new Set<string>();
  return [...statuses].reverse().filter((s) => !seen.has(s.context) && seen.add(s.context) !== undefined);
}

/** The REST routes the fake serves, GitHub's paths and semantics. */
export const ROUTES: Route[] = [
  {
    method: 'GET',
    pattern: /^\/user$/,
    async handle(ctx) {
      if (!ctx.login) throw new HttpFailure(401, 'Requires authentication');
      sendJson(ctx.res, 200, userJson(ctx.urls, ctx.state.user(ctx.login)));
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/repos/${SEG}/${SEG}$`),
    async handle(ctx) {
      const repo = repoFor(ctx, 'pull');
      // Authenticated callers get `permissions`; seeing a repository without a role means it is public: pull.
      sendJson(ctx.res, 200, repoJson(ctx.urls, repo, ctx.login ? (ctx.state.permission(repo, ctx.login) ?? 'pull') : undefined));
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/repos/${SEG}/${SEG}/hooks$`),
    async handle(ctx) {
      const repo = repoFor(ctx, 'admin');
      sendPage(ctx, [...repo.hooks.values()].map((h) => hookJson(ctx.urls, repo, h)));
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/repos/${SEG}/${SEG}/hooks$`),
    async handle(ctx) {
      const repo = repoFor(ctx, 'admin');
      const body = await readJson(ctx.req);
      if (body.name !== undefined && body.name !== 'web') throw validationFailed('Hook', 'Name must be "web"', 'name');
      const now = new Date().toISOString();
      const hook: FakeHook = {
        id: ctx.state.id(),
        active: body.active === undefined ? true : body.active === true,
        events: hookEvents(body.events, ['push']),
        config: hookConfig(ctx, repo, body.config),
        created_at: now,
        updated_at: now,
        last_response: { code: null, status: 'unused', message: null },
      };
      repo.hooks.set(hook.id, hook);
      sendJson(ctx.res, 201, hookJson(ctx.urls, repo, hook), { location: `${ctx.urls.api}/repos/${repo.owner.login}/${repo.name}/hooks/${hook.id}` });
      sendPing(ctx, repo, hook);
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/repos/${SEG}/${SEG}/hooks/(\\d+)$`),
    async handle(ctx) {
      const repo = repoFor(ctx, 'admin');
      sendJson(ctx.res, 200, hookJson(ctx.urls, repo, hookFor(ctx, repo)));
    },
  },
  {
    method: 'PATCH',
    pattern: new RegExp(`^/repos/${SEG}/${SEG}/hooks/(\\d+)$`),
    async handle(ctx) {
      const repo = repoFor(ctx, 'admin');
      const hook = hookFor(ctx, repo);
      const body = await readJson(ctx.req);
      const config = body.config === undefined ? hook.config : hookConfig(ctx, repo, body.config, hook);
      let events = hookEvents(body.events, hook.events);
      events = [...new Set([...events, ...hookEvents(body.add_events, [])])].filter((e) => !hookEvents(body.remove_events, []).includes(e));
      Object.assign(hook, { config, events, active: body.active === undefined ? hook.active : body.active === true, updated_at: new Date().toISOString() });
      sendJson(ctx.res, 200, hookJson(ctx.urls, repo, hook));
    },
  },
  {
    method: 'DELETE',
    pattern: new RegExp(`^/repos/${SEG}/${SEG}/hooks/(\\d+)$`),
    async handle(ctx) {
      const repo = repoFor(ctx, 'admin');
      repo.hooks.delete(hookFor(ctx, repo).id);
      sendJson(ctx.res, 204, undefined);
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/repos/${SEG}/${SEG}/hooks/(\\d+)/pings$`),
    async handle(ctx) {
      const repo = repoFor(ctx, 'admin');
      sendPing(ctx, repo, hookFor(ctx, repo));
      sendJson(ctx.res, 204, undefined);
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/repos/${SEG}/${SEG}/tarball(?:/(.+))?$`),
    async handle(ctx) {
      const repo = repoFor(ctx, 'pull');
      const ref = ctx.params[2] ?? repo.default_branch;
      if (!ctx.state.resolveRef(repo, ref)) throw notFound();
      const location = new URL(`${ctx.urls.web}/_codeload/${repo.owner.login}/${repo.name}/legacy.tar.gz/${ref.split('/').map(encodeURIComponent).join('/')}`);
      if (repo.private) {
        // Like codeload's: a short-lived token in the query instead of the caller's credential.
        const token = randomBytes(16).toString('hex');
        ctx.state.archiveTokens.set(token, { repo: `${repo.owner.login}/${repo.name}`.toLowerCase(), expires: Date.now() + 5 * 60_000 });
        location.searchParams.set('token', token);
      }
      sendJson(ctx.res, 302, undefined, { location: location.href });
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/repos/${SEG}/${SEG}/commits/${SEG}$`),
    async handle(ctx) {
      const repo = repoFor(ctx, 'pull');
      const commit = ctx.state.resolveRef(repo, ctx.params[2]);
      if (!commit) throw noCommit(ctx.params[2]);
      sendJson(ctx.res, 200, commitJson(ctx.urls, repo, commit));
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/repos/${SEG}/${SEG}/statuses/${SEG}$`),
    async handle(ctx) {
      const repo = repoFor(ctx, 'push');
      const sha = ctx.params[2].toLowerCase();
      const body = await readJson(ctx.req);
      if (!['pending', 'success', 'failure', 'error'].includes(String(body.state))) {
        throw validationFailed('Status', 'state is not included in the list', 'state');
      }
      if (!repo.commits.has(sha)) throw noCommit(ctx.params[2]);
      const description = body.description == null ? null : String(body.description);
      if (description && description.length > 140) throw validationFailed('Status', 'description is too long (maximum is 140 characters)', 'description');
      const target = body.target_url == null || body.target_url === '' ? null : String(body.target_url);
      if (target !== null && !/^https?:\/\//.test(target)) throw validationFailed('Status', 'target_url must use http(s) scheme', 'target_url');
      const status: FakeStatus = {
        id: ctx.state.id(),
        sha,
        state: body.state as FakeStatus['state'],
        context: typeof body.context === 'string' && body.context ? body.context : 'default',
        description,
        target_url: target,
        creator: ctx.login!,
        created_at: new Date().toISOString(),
      };
      repo.statuses.push(status);
      sendJson(ctx.res, 201, statusJson(ctx.urls, repo, status, ctx.state.user(status.creator)));
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/repos/${SEG}/${SEG}/(?:commits/${SEG}/statuses|statuses/${SEG})$`),
    async handle(ctx) {
      const repo = repoFor(ctx, 'pull');
      const ref = ctx.params[2] ?? ctx.params[3];
      const commit = ctx.state.resolveRef(repo, ref);
      if (!commit) throw noCommit(ref);
      const list = repo.statuses.filter((s) => s.sha === commit.sha).reverse();
      sendPage(ctx, list.map((s) => statusJson(ctx.urls, repo, s, ctx.state.user(s.creator))));
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/repos/${SEG}/${SEG}/commits/${SEG}/status$`),
    async handle(ctx) {
      const repo = repoFor(ctx, 'pull');
      const commit = ctx.state.resolveRef(repo, ctx.params[2]);
      if (!commit) throw noCommit(ctx.params[2]);
      const latest = latestPerContext(repo.statuses.filter((s) => s.sha === commit.sha));
      const state = latest.some((s) => s.state === 'failure' || s.state === 'error')
        ? 'failure'
        : latest.length === 0 || latest.some((s) => s.state === 'pending')
          ? 'pending'
          : 'success';
      const full = `${repo.owner.login}/${repo.name}`;
      sendPage(ctx, latest, (page) => ({
        state,
        statuses: page.map((s) => statusJson(ctx.urls, repo, s, ctx.state.user(s.creator))),
        sha: commit.sha,
        total_count: latest.length,
        repository: repoJson(ctx.urls, repo),
        commit_url: `${ctx.urls.api}/repos/${full}/commits/${commit.sha}`,
        url: `${ctx.urls.api}/repos/${full}/commits/${commit.sha}/status`,
      }));
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/repos/${SEG}/${SEG}/commits/${SEG}/check-runs$`),
    async handle(ctx) {
      const repo = repoFor(ctx, 'pull');
      const commit = ctx.state.resolveRef(repo, ctx.params[2]);
      if (!commit) throw noCommit(ctx.params[2]);
      let runs = repo.check_runs.filter((c) => c.head_sha === commit.sha).reverse();
      if ((ctx.url.searchParams.get('filter') ?? 'latest') === 'latest') {
        const seen = new Set<string>();
        runs = runs.filter((c) => !seen.has(c.name) && seen.add(c.name) !== undefined);
      }
      const name = ctx.url.searchParams.get('check_name');
      if (name) runs = runs.filter((c) => c.name === name);
      const total = runs.length;
      sendPage(ctx, runs, (page) => ({ total_count: total, check_runs: page.map((c) => checkRunJson(ctx.urls, repo, c)) }));
    },
  },
];

/** Serves `GET /_codeload/{owner}/{repo}/legacy.tar.gz/{ref}`: the archive download the tarball API redirects to. */
export async function serveCodeload(state: FakeState, url: URL, res: ServerResponse): Promise<boolean> {
  const m = /^\/_codeload\/([^/]+)\/([^/]+)\/legacy\.tar\.gz\/(.+)$/.exec(url.pathname);
  if (!m) return false;
  const [owner, name, ref] = [m[1], m[2], m[3]].map(decodeURIComponent);
  const repo = state.repo(`${owner}/${name}`);
  const grant = state.archiveTokens.get(url.searchParams.get('token') ?? '');
  const allowed = repo && (!repo.private || (grant && grant.repo === `${owner}/${name}`.toLowerCase() && grant.expires > Date.now()));
  const commit = allowed ? state.resolveRef(repo, ref) : undefined;
  if (!repo || !commit) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404: Not Found');
    return true;
  }
  const bytes = tarball(repo, commit);
  res
    .writeHead(200, {
      'content-type': 'application/x-gzip',
      'content-disposition': `attachment; filename=${tarballRoot(repo, commit)}.tar.gz`,
      'content-length': String(bytes.length),
      etag: `"${commit.sha}"`,
    })
    .end(bytes);
  return true;
}
