import type { OutgoingEvent } from './deliveries.js';
import { withRepository } from './deliveries.js';
import type { FakeState } from './fake-state.js';
import type { FakeCommit, FakePullRequest, FakeRepo } from './model.js';
import { pullRequestJson, type Urls } from './representations.js';

/** The all-zero sha GitHub uses for "no commit" (a created or deleted ref). */
export const ZERO_SHA = '0'.repeat(40);

function commitEntry(u: Urls, repo: FakeRepo, c: FakeCommit, previous: FakeCommit | undefined): Record<string, unknown> {
  const before = previous?.files ?? {};
  const names = Object.keys(c.files);
  return {
    id: c.sha,
    tree_id: c.tree_sha,
    distinct: true,
    message: c.message,
    timestamp: c.author.date,
    url: `${u.web}/${repo.owner.login}/${repo.name}/commit/${c.sha}`,
    author: { name: c.author.name, email: c.author.email, username: c.author.name },
    committer: { name: c.author.name, email: c.author.email, username: c.author.name },
    added: names.filter((n) => !(n in before)),
    removed: Object.keys(before).filter((n) => !(n in c.files)),
    modified: names.filter((n) => n in before && before[n] !== c.files[n]),
  };
}

/** A `push` event moving `ref` from `before` to `after` (ZERO_SHA on either side for created / deleted refs). */
export function pushEvent(u: Urls, state: FakeState, repo: FakeRepo, ref: string, before: string, after: string, pusher: string): OutgoingEvent {
  const head = after === ZERO_SHA ? undefined : repo.commits.get(after);
  const commits: FakeCommit[] = [];
  for (let c = head; c && c.sha !== before; c = c.parents[0] ? repo.commits.get(c.parents[0]) : undefined) commits.unshift(c);
  const entries = commits.map((c) => commitEntry(u, repo, c, c.parents[0] ? repo.commits.get(c.parents[0]) : undefined));
  const full = `${repo.owner.login}/${repo.name}`;
  const pusherUser = state.user(pusher);
  return {
    event: 'push',
    action: null,
    payload: withRepository(u, repo, pusher, state, {
      ref,
      before,
      after,
      created: before === ZERO_SHA,
      deleted: after === ZERO_SHA,
      forced: false,
      base_ref: null,
      compare: `${u.web}/${full}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
      commits: entries,
      head_commit: entries.at(-1) ?? null,
      pusher: { name: pusherUser.login, email: `${pusherUser.login}@users.noreply.invalid` },
    }),
  };
}

/** A `pull_request` event with `action`; `synchronize` also carries the head's `before` and `after`. */
export function pullRequestEvent(
  u: Urls,
  state: FakeState,
  repo: FakeRepo,
  pr: FakePullRequest,
  action: string,
  sender: string,
  sync?: { before: string; after: string },
): OutgoingEvent {
  const headRepo = state.mustRepo(pr.head_repo);
  return {
    event: 'pull_request',
    action,
    payload: withRepository(u, repo, sender, state, {
      action,
      number: pr.number,
      ...(sync ?? {}),
      pull_request: pullRequestJson(u, repo, headRepo, pr, (login) => state.user(login)),
    }),
  };
}
