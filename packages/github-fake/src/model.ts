/** A user (or organization) of the fake; tokens act as their user. */
export interface FakeUser {
  id: number;
  login: string;
  type: 'User' | 'Organization';
}

/** Repository permission levels, GitHub's names; each includes the ones after it. */
export type FakePermission = 'admin' | 'push' | 'pull';

/** One file of a commit's tree: text or bytes, optionally executable. */
export type FakeFile = string | Uint8Array | { content: string | Uint8Array; executable?: boolean };

/** A commit of the fake: a full snapshot of files, not a diff. */
export interface FakeCommit {
  sha: string;
  tree_sha: string;
  parents: string[];
  message: string;
  author: { name: string; email: string; date: string };
  files: Record<string, FakeFile>;
}

/** A registered repository webhook; `secret` is kept to sign deliveries and never shown by the API. */
export interface FakeHook {
  id: number;
  active: boolean;
  events: string[];
  config: { url: string; content_type: 'json' | 'form'; secret?: string; insecure_ssl: '0' | '1' };
  created_at: string;
  updated_at: string;
  last_response: { code: number | null; status: string; message: string | null };
}

/** A commit status as stored. */
export interface FakeStatus {
  id: number;
  sha: string;
  state: 'pending' | 'success' | 'failure' | 'error';
  context: string;
  description: string | null;
  target_url: string | null;
  creator: string;
  created_at: string;
}

/** A check run as stored (the Checks API; created by tests, as only GitHub Apps may create them on GitHub). */
export interface FakeCheckRun {
  id: number;
  head_sha: string;
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required' | 'stale' | null;
  details_url: string | null;
  started_at: string;
  completed_at: string | null;
  app: string;
}

/** A pull request as the fake tracks it, to build consistent payloads across its events. */
export interface FakePullRequest {
  number: number;
  id: number;
  title: string;
  user: string;
  head_repo: string;
  head_branch: string;
  base_branch: string;
  state: 'open' | 'closed';
  merged: boolean;
  created_at: string;
  closed_at: string | null;
  merge_commit_sha: string | null;
}

/** A repository of the fake. */
export interface FakeRepo {
  id: number;
  owner: FakeUser;
  name: string;
  private: boolean;
  default_branch: string;
  /** Login to permission; the owner is always admin. */
  collaborators: Map<string, FakePermission>;
  branches: Map<string, string>;
  commits: Map<string, FakeCommit>;
  hooks: Map<number, FakeHook>;
  statuses: FakeStatus[];
  check_runs: FakeCheckRun[];
  pulls: Map<number, FakePullRequest>;
  created_at: string;
}

/** One attempt to deliver a webhook event to one hook, as a test inspects it afterwards. */
export interface FakeDelivery {
  /** `X-GitHub-Delivery`: the same for a redelivery of the same event. */
  guid: string;
  /** Numeric id of this attempt (GitHub's delivery id). */
  id: number;
  event: string;
  action: string | null;
  repo: string;
  hook_id: number;
  url: string;
  redelivery: boolean;
  /** Headers sent, lowercase names. */
  request_headers: Record<string, string>;
  /** Raw body sent. */
  body: string;
  /** The receiver's status code, or null when it could not be reached. */
  status_code: number | null;
  /** First KiB of the receiver's answer, or the connection error. */
  response: string;
  delivered_at: string;
}
