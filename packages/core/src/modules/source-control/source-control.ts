import type { InjectionToken } from 'tsyringe';

/**
 * A repository on a source-control host, as parsed from a URL the user gave (`https://github.com/acme/api`) or
 * from a webhook payload. Hosts compare names case-insensitively, so stores and lookups should use `key`.
 */
export interface RepositoryRef {
  /** Web host the repository lives on, lowercase, with a port when not the default (`github.com`). */
  host: string;
  /** Owner (user or organization) as spelled in the URL. */
  owner: string;
  /** Repository name without a `.git` suffix. */
  name: string;
  /** `owner/name`. */
  full_name: string;
  /** Canonical web URL without `.git`: `https://github.com/acme/api`. */
  url: string;
  /** Lowercase `host/owner/name`: equal for every spelling of the same repository. */
  key: string;
}

/** What a token may do on a repository, as the host reports it. */
export interface RepositoryPermissions {
  /** May manage webhooks and settings (needed by `registerWebhook`). */
  admin: boolean;
  /** May push (and create commit statuses). */
  push: boolean;
  /** May read (and download archives). */
  pull: boolean;
}

/** A repository the token can see, as `checkAccess` returns it. */
export interface RepositoryInfo {
  repo: RepositoryRef;
  /** Branch a new app deploys from by default. */
  default_branch: string;
  private: boolean;
  /** Null when the host does not say (anonymous access). */
  permissions: RepositoryPermissions | null;
}

/**
 * A credential for one call. A user's token is passed in by the caller, used for that call and never stored by the
 * adapter. Calls that accept `token?` fall back to the adapter's app-level credential (configured by the operator)
 * when it is absent, then to anonymous access.
 */
export interface SourceCallOptions {
  /** The user's (or an app installation's) token for this call only; never logged. */
  token?: string;
}

/** Input of `SourceControl.registerWebhook`. */
export interface WebhookRegistration {
  /** The user's token; needs admin rights on the repository. Used for this call only. */
  token: string;
  /** Where the host POSTs deliveries (Slipway's public callback URL for this app). */
  callback_url: string;
  /** Shared secret the host signs deliveries with; keep it to verify deliveries with `verifyDelivery`. */
  secret: string;
}

/** A webhook registered on a repository. */
export interface RegisteredWebhook {
  /** Host's id of the hook, to delete it later. */
  id: string;
}

/** Options of `SourceControl.archive`. */
export interface ArchiveOptions extends SourceCallOptions {
  /** Aborts the download. */
  signal?: AbortSignal;
  /**
   * Fetch used for the archive download itself (the host redirects to a separate download server), so the caller
   * can apply the outbound address policy; the adapter's configured archive fetch, else the global one, otherwise.
   */
  fetch?: typeof globalThis.fetch;
}

/** A commit's source archive, streamed. */
export interface CommitArchive {
  /** The commit the archive holds. */
  sha: string;
  /** Always `tar.gz` for now: a gzip'd tar with one top-level directory, as GitHub's tarballs are. */
  format: 'tar.gz';
  /** Byte length when the download server says, else null. */
  size: number | null;
  /** The archive bytes; the caller must consume or cancel it. */
  stream: ReadableStream<Uint8Array>;
}

/** State Slipway reports for its own build of a commit (GitHub commit status states). */
export type CommitStatusState = 'pending' | 'success' | 'failure' | 'error';

/** A commit status to create: Slipway's build outcome, shown next to the commit on the host. */
export interface CommitStatusInput {
  state: CommitStatusState;
  /** Label telling this status apart from others on the commit, e.g. `slipway/build`. */
  context: string;
  /** Short human text (the host truncates long ones). */
  description?: string;
  /** Link to the build (its log) in Slipway. */
  target_url?: string;
}

/** Combined outcome of the checks on a commit. */
export type CombinedState = 'pending' | 'success' | 'failure';

/** One check on a commit: a commit status (by context) or a check run (by name), reduced to a combined state. */
export interface CommitCheck {
  /** `status` for commit statuses, `check_run` for check runs (GitHub Checks API). */
  kind: 'status' | 'check_run';
  /** Status context or check run name. */
  name: string;
  /** pending while queued/running; failure for error, failure, cancelled, timed out, action required. */
  state: CombinedState;
  /** Raw state/conclusion as the host reports it (e.g. `error`, `neutral`, `in_progress`), for display. */
  detail: string;
  /** Link the host gives for the check, or null. */
  target_url: string | null;
}

/** The checks of a commit and what they add up to. */
export interface CommitState {
  sha: string;
  /**
   * failure when any check failed, else pending when any is still running, else success. A commit with no checks
   * at all is `success` with `total_count: 0`: callers that wait for CI decide what "no CI yet" means.
   */
  state: CombinedState;
  /** Number of checks (latest status per context plus check runs). */
  total_count: number;
  checks: CommitCheck[];
}

/** Options of `SourceControl.commitState`. */
export interface CommitStateOptions extends SourceCallOptions {
  /** Status contexts / check run names to leave out, e.g. Slipway's own `slipway/build`. */
  ignore?: string[];
}

/** An incoming webhook request, exactly as received: the signature is over the raw body bytes. */
export interface WebhookDelivery {
  /** Request headers; names are matched case-insensitively. */
  headers: Record<string, string | string[] | undefined>;
  /** Raw request body, untouched (not re-serialized JSON). */
  body: Uint8Array | string;
}

/** Pull request actions Slipway acts on; others arrive as `ignored` events. */
export type PullRequestAction = 'opened' | 'synchronize' | 'reopened' | 'closed';

/** Fields every normalized event has. */
export interface SourceEventBase {
  /** The host's delivery id (`X-GitHub-Delivery`), the same on redelivery: the key for exactly-once handling. */
  delivery_id: string;
  /** Hook id the delivery came from, when the host says. */
  hook_id: string | null;
}

/** The hook was created or pinged; nothing to build. */
export interface PingEvent extends SourceEventBase {
  kind: 'ping';
  /** Null for hooks not on a repository (organization hooks). */
  repo: RepositoryRef | null;
}

/** Commits were pushed to (or a ref was deleted from) a repository. */
export interface PushEvent extends SourceEventBase {
  kind: 'push';
  repo: RepositoryRef;
  /** Full ref, e.g. `refs/heads/main` or `refs/tags/v1`. */
  ref: string;
  /** Branch name when the ref is a branch, null for tags. */
  branch: string | null;
  /** The ref's new head commit; all zeros when `deleted`. */
  sha: string;
  /** The ref was deleted: nothing to build. */
  deleted: boolean;
}

/** A pull request was opened, updated, reopened or closed. */
export interface PullRequestEvent extends SourceEventBase {
  kind: 'pull_request';
  repo: RepositoryRef;
  action: PullRequestAction;
  number: number;
  /** True when `closed` by merging. */
  merged: boolean;
  head: {
    sha: string;
    branch: string;
    /** Repository the head branch lives in (a fork for outside contributions); null when the fork is gone. */
    repo: RepositoryRef | null;
  };
  base: { branch: string };
}

/** A verified delivery of an event (or action) Slipway does not act on. */
export interface IgnoredEvent extends SourceEventBase {
  kind: 'ignored';
  /** Event name, e.g. `issues`. */
  event: string;
  /** Its action, when it has one (e.g. `labeled`). */
  action: string | null;
}

/** A verified, normalized webhook event. */
export type SourceEvent = PingEvent | PushEvent | PullRequestEvent | IgnoredEvent;

/**
 * A source-control host (GitHub, later GitLab): repository access, webhook registration, commit archives and
 * statuses, and verification of incoming webhook deliveries. Errors are core errors: ValidationError for a bad
 * URL, UnauthorizedError for a rejected token or signature, NotFoundError for a repository, commit or ref the
 * credential cannot see, ForbiddenError for missing rights, DriverUnavailableError when the host cannot be reached
 * or rate-limits. Tokens never appear in logs or error messages. The contract suite in `@slipway/testkit`
 * (`sourceControlContract`) defines the behaviour.
 */
export interface SourceControl {
  /** Short adapter name for logs, e.g. `github`. */
  readonly name: string;
  /**
   * Parses `https://<host>/<owner>/<repo>` (optionally `.git`, a trailing slash) for this adapter's host.
   * ValidationError (field `repo_url`) for anything else: another host, extra path, credentials, query.
   */
  parseRepositoryUrl(url: string): RepositoryRef;
  /** Checks the token can see the repository and says what it may do; NotFoundError when it cannot. */
  checkAccess(repo: RepositoryRef, options?: SourceCallOptions): Promise<RepositoryInfo>;
  /**
   * Registers a webhook for `push` and `pull_request` with a JSON body signed with `secret`. Idempotent per
   * callback URL: a hook already pointing there is updated (events, secret) and its id returned.
   */
  registerWebhook(repo: RepositoryRef, registration: WebhookRegistration): Promise<RegisteredWebhook>;
  /** Deletes a webhook; a no-op when it is already gone. */
  deleteWebhook(repo: RepositoryRef, hookId: string, options?: SourceCallOptions): Promise<void>;
  /** Streams the source archive of commit `sha`; NotFoundError for an unknown commit. */
  archive(repo: RepositoryRef, sha: string, options?: ArchiveOptions): Promise<CommitArchive>;
  /** Resolves a branch, tag or sha to the full commit sha; NotFoundError when there is no such ref. */
  resolveCommit(repo: RepositoryRef, ref: string, options?: SourceCallOptions): Promise<string>;
  /** Commit statuses and check runs of `sha`, combined. */
  commitState(repo: RepositoryRef, sha: string, options?: CommitStateOptions): Promise<CommitState>;
  /** Creates a commit status on `sha` (Slipway's build outcome); the latest per context wins on the host. */
  createCommitStatus(repo: RepositoryRef, sha: string, status: CommitStatusInput, options?: SourceCallOptions): Promise<void>;
  /**
   * Verifies a delivery's signature against `secret` (several during a rotation), timing-safe, then parses it.
   * UnauthorizedError when the signature is missing or wrong, ValidationError when headers or body are malformed.
   */
  verifyDelivery(delivery: WebhookDelivery, secret: string | string[]): Promise<SourceEvent>;
}

/** DI token of the SourceControl port. */
export const SOURCE_CONTROL: InjectionToken<SourceControl> = Symbol.for('slipway.SourceControl');
