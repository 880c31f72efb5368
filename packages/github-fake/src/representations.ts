import type { FakeCheckRun, FakeCommit, FakeHook, FakePermission, FakePullRequest, FakeRepo, FakeStatus, FakeUser } from './model.js';

// JSON shapes of GitHub's REST API and webhook payloads, trimmed to the fields clients read, with GitHub's names.

/** Where the fake answers: API and web bases (one server serves both). */
export interface Urls {
  /** Base of the REST API (`https://api.github.com` on GitHub). */
  api: string;
  /** Base of web pages (`https://github.com`). */
  web: string;
}

/** `simple-user`. */
export function userJson(u: Urls, user: FakeUser): Record<string, unknown> {
  return {
    login: user.login,
    id: user.id,
    node_id: `U_${user.id}`,
    avatar_url: `${u.web}/${user.login}.png`,
    url: `${u.api}/users/${user.login}`,
    html_url: `${u.web}/${user.login}`,
    type: user.type,
    site_admin: false,
  };
}

/** Permission flags GitHub reports for a level (`null`: no access). */
export function permissionsJson(level: FakePermission | null): Record<string, boolean> {
  const rank = level === 'admin' ? 3 : level === 'push' ? 2 : level === 'pull' ? 1 : 0;
  return { admin: rank >= 3, maintain: rank >= 3, push: rank >= 2, triage: rank >= 2, pull: rank >= 1 };
}

/** `full-repository` (with `permissions` only when the caller is authenticated, as on GitHub). */
export function repoJson(u: Urls, repo: FakeRepo, permission?: FakePermission | null): Record<string, unknown> {
  const full = `${repo.owner.login}/${repo.name}`;
  const api = `${u.api}/repos/${full}`;
  return {
    id: repo.id,
    node_id: `R_${repo.id}`,
    name: repo.name,
    full_name: full,
    private: repo.private,
    visibility: repo.private ? 'private' : 'public',
    owner: userJson(u, repo.owner),
    html_url: `${u.web}/${full}`,
    description: null,
    fork: false,
    url: api,
    hooks_url: `${api}/hooks`,
    statuses_url: `${api}/statuses/{sha}`,
    archive_url: `${api}/{archive_format}{/ref}`,
    git_url: `git://${new URL(u.web).host}/${full}.git`,
    ssh_url: `git@${new URL(u.web).hostname}:${full}.git`,
    clone_url: `${u.web}/${full}.git`,
    default_branch: repo.default_branch,
    archived: false,
    disabled: false,
    created_at: repo.created_at,
    updated_at: repo.created_at,
    pushed_at: repo.created_at,
    ...(permission !== undefined ? { permissions: permissionsJson(permission) } : {}),
  };
}

/** `hook` (the secret is masked, as GitHub does). */
export function hookJson(u: Urls, repo: FakeRepo, hook: FakeHook): Record<string, unknown> {
  const base = `${u.api}/repos/${repo.owner.login}/${repo.name}/hooks/${hook.id}`;
  const { secret, ...config } = hook.config;
  return {
    type: 'Repository',
    id: hook.id,
    name: 'web',
    active: hook.active,
    events: hook.events,
    config: secret ? { ...config, secret: '********' } : config,
    updated_at: hook.updated_at,
    created_at: hook.created_at,
    url: base,
    test_url: `${base}/test`,
    ping_url: `${base}/pings`,
    deliveries_url: `${base}/deliveries`,
    last_response: hook.last_response,
  };
}

/** `status`. */
export function statusJson(u: Urls, repo: FakeRepo, s: FakeStatus, creator: FakeUser): Record<string, unknown> {
  return {
    url: `${u.api}/repos/${repo.owner.login}/${repo.name}/statuses/${s.sha}`,
    avatar_url: null,
    id: s.id,
    node_id: `SC_${s.id}`,
    state: s.state,
    description: s.description,
    target_url: s.target_url,
    context: s.context,
    created_at: s.created_at,
    updated_at: s.created_at,
    creator: userJson(u, creator),
  };
}

/** `check-run`. */
export function checkRunJson(u: Urls, repo: FakeRepo, c: FakeCheckRun): Record<string, unknown> {
  return {
    id: c.id,
    node_id: `CR_${c.id}`,
    head_sha: c.head_sha,
    external_id: '',
    url: `${u.api}/repos/${repo.owner.login}/${repo.name}/check-runs/${c.id}`,
    html_url: `${u.web}/${repo.owner.login}/${repo.name}/runs/${c.id}`,
    details_url: c.details_url,
    status: c.status,
    conclusion: c.conclusion,
    started_at: c.started_at,
    completed_at: c.completed_at,
    output: { title: null, summary: null, text: null, annotations_count: 0, annotations_url: '' },
    name: c.name,
    check_suite: { id: c.id },
    app: { id: 1, slug: c.app, name: c.app },
    pull_requests: [],
  };
}

/** `commit` (GET /repos/{o}/{r}/commits/{ref}). */
export function commitJson(u: Urls, repo: FakeRepo, c: FakeCommit): Record<string, unknown> {
  const full = `${repo.owner.login}/${repo.name}`;
  return {
    sha: c.sha,
    node_id: `C_${c.sha}`,
    url: `${u.api}/repos/${full}/commits/${c.sha}`,
    html_url: `${u.web}/${full}/commit/${c.sha}`,
    commit: {
      message: c.message,
      author: c.author,
      committer: c.author,
      tree: { sha: c.tree_sha, url: `${u.api}/repos/${full}/git/trees/${c.tree_sha}` },
    },
    parents: c.parents.map((sha) => ({ sha, url: `${u.api}/repos/${full}/commits/${sha}` })),
  };
}

/** `pull-request` as embedded in `pull_request` webhook payloads. */
export function pullRequestJson(u: Urls, repo: FakeRepo, headRepo: FakeRepo, pr: FakePullRequest, users: (login: string) => FakeUser): Record<string, unknown> {
  const full = `${repo.owner.login}/${repo.name}`;
  const ref = (r: FakeRepo, branch: string) => ({
    label: `${r.owner.login}:${branch}`,
    ref: branch,
    sha: r.branches.get(branch) ?? null,
    user: userJson(u, r.owner),
    repo: repoJson(u, r),
  });
  return {
    url: `${u.api}/repos/${full}/pulls/${pr.number}`,
    id: pr.id,
    node_id: `PR_${pr.id}`,
    html_url: `${u.web}/${full}/pull/${pr.number}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: userJson(u, users(pr.user)),
    body: null,
    created_at: pr.created_at,
    updated_at: pr.closed_at ?? pr.created_at,
    closed_at: pr.closed_at,
    merged_at: pr.merged ? pr.closed_at : null,
    merge_commit_sha: pr.merge_commit_sha,
    draft: false,
    head: ref(headRepo, pr.head_branch),
    base: ref(repo, pr.base_branch),
    merged: pr.merged,
  };
}

/**
 * GitHub's error body: `{message, documentation_url, status}`, plus `errors` for validation failures. The
 * documentation link points at the fake itself, so nothing in a test refers to an outside host.
 */
export function errorJson(u: Urls, status: number, message: string, errors?: unknown[]): Record<string, unknown> {
  return {
    message,
    ...(errors ? { errors } : {}),
    documentation_url: `${u.web}/docs/rest`,
    status: String(status),
  };
}
