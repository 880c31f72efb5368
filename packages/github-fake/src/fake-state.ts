import { createHash, randomBytes } from 'node:crypto';
import type { FakeCommit, FakeDelivery, FakeFile, FakePermission, FakeRepo, FakeUser } from './model.js';

const RANK: Record<FakePermission, number> = { pull: 1, push: 2, admin: 3 };

/** True when `have` includes `need` (admin includes push includes pull). */
export function permits(have: FakePermission | null, need: FakePermission): boolean {
  return have !== null && RANK[have] >= RANK[need];
}

function fileBytes(f: FakeFile): Buffer {
  const content = typeof f === 'string' || f instanceof Uint8Array ? f : f.content;
  return Buffer.from(content);
}

/** Everything the fake knows: users, tokens, repositories with their commits, hooks, statuses and deliveries. */
export class FakeState {
  readonly users = new Map<string, FakeUser>();
  /** Token to login. */
  readonly tokens = new Map<string, string>();
  /** Lowercase `owner/name` to repository: GitHub names are case-insensitive. */
  readonly repos = new Map<string, FakeRepo>();
  readonly deliveries: FakeDelivery[] = [];
  /** Short-lived codeload tokens of private archive downloads: token to `owner/name` and expiry. */
  readonly archiveTokens = new Map<string, { repo: string; expires: number }>();
  private nextId = 1000;

  /** A fresh numeric id, unique across object kinds (as GitHub's are in practice). */
  id(): number {
    return this.nextId++;
  }

  /** Returns the user `login`, creating it on first use. */
  user(login: string, type: FakeUser['type'] = 'User'): FakeUser {
    let u = this.users.get(login.toLowerCase());
    if (!u) {
      u = { id: this.id(), login, type };
      this.users.set(login.toLowerCase(), u);
    }
    return u;
  }

  /** Issues a new classic-style token acting as `login`. */
  issueToken(login: string): string {
    this.user(login);
    const token = `ghp_${randomBytes(18).toString('base64url')}`;
    this.tokens.set(token, login);
    return token;
  }

  /** The repository `full` (`owner/name`), or undefined. */
  repo(full: string): FakeRepo | undefined {
    return this.repos.get(full.toLowerCase());
  }

  /** Like `repo`, but a test asking for a missing repository is a bug in the test. */
  mustRepo(full: string): FakeRepo {
    const r = this.repo(full);
    if (!r) throw new Error(`github-fake: no repository ${full}`);
    return r;
  }

  /** What `login` may do on `repo` (null: nothing beyond public read). */
  permission(repo: FakeRepo, login: string | null): FakePermission | null {
    if (login === null) return null;
    if (login.toLowerCase() === repo.owner.login.toLowerCase()) return 'admin';
    for (const [who, level] of repo.collaborators) if (who.toLowerCase() === login.toLowerCase()) return level;
    return null;
  }

  /** Whether `login` (null: anonymous) can see `repo`; GitHub answers 404 otherwise. */
  canSee(repo: FakeRepo, login: string | null): boolean {
    return !repo.private || permits(this.permission(repo, login), 'pull');
  }

  /** Resolves a branch name, `refs/heads/<b>`, `heads/<b>`, a full sha or a unique sha prefix (7+) to a commit. */
  resolveRef(repo: FakeRepo, ref: string): FakeCommit | undefined {
    const branch = ref.replace(/^refs\/heads\//, '').replace(/^heads\//, '');
    const head = repo.branches.get(branch);
    if (head) return repo.commits.get(head);
    if (/^[0-9a-f]{40}$/i.test(ref)) return repo.commits.get(ref.toLowerCase());
    if (/^[0-9a-f]{7,39}$/i.test(ref)) {
      const hits = [...repo.commits.values()].filter((c) => c.sha.startsWith(ref.toLowerCase()));
      return hits.length === 1 ? hits[0] : undefined;
    }
    return undefined;
  }

  /** Adds a commit with a full snapshot of `files` on top of `branch` and moves the branch to it. */
  commit(repo: FakeRepo, branch: string, files: Record<string, FakeFile>, message: string, author: string): FakeCommit {
    const tree = createHash('sha1');
    for (const name of Object.keys(files).sort()) tree.update(name).update('\0').update(fileBytes(files[name]));
    const tree_sha = tree.digest('hex');
    const parent = repo.branches.get(branch);
    const date = new Date().toISOString();
    const sha = createHash('sha1')
      .update(`tree ${tree_sha}\nparent ${parent ?? ''}\n${message}\n${date}\n${this.id()}`)
      .digest('hex');
    const c: FakeCommit = {
      sha,
      tree_sha,
      parents: parent ? [parent] : [],
      message,
      author: { name: author, email: `${author}@users.noreply.invalid`, date },
      files: { ...files },
    };
    repo.commits.set(sha, c);
    repo.branches.set(branch, sha);
    return c;
  }
}
