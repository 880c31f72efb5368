import type { EmitterWebhookEvent } from '@octokit/webhooks';
import { ValidationError, type PullRequestAction, type RepositoryRef, type SourceEvent } from '@slipway/core';
import type { VerifiedDelivery } from './verify-delivery.js';

type PushPayload = EmitterWebhookEvent<'push'>['payload'];
type PullRequestPayload = EmitterWebhookEvent<'pull_request'>['payload'];
type PingPayload = EmitterWebhookEvent<'ping'>['payload'];

const ACTED_ON = new Set<string>(['opened', 'synchronize', 'reopened', 'closed']);

/** Parses a payload's repository URL; a repository on another host means the delivery is not for this adapter. */
export type RepoParser = (htmlUrl: string) => RepositoryRef;

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || !value) throw new ValidationError(`delivery payload has no ${field}`);
  return value;
}

function repoOf(parse: RepoParser, repository: unknown, field = 'repository.html_url'): RepositoryRef {
  const url = text((repository as { html_url?: unknown } | null | undefined)?.html_url, field);
  try {
    return parse(url);
  } catch {
    throw new ValidationError(`delivery payload ${field} is not a repository of this host`);
  }
}

/** Turns a verified delivery into the port's event: push, pull_request (acted-on actions), ping, or ignored. */
export function normalizeEvent(d: VerifiedDelivery, parse: RepoParser): SourceEvent {
  const base = { delivery_id: d.delivery_id, hook_id: d.hook_id };
  const action = typeof d.payload.action === 'string' ? d.payload.action : null;
  switch (d.event) {
    case 'ping': {
      const p = d.payload as unknown as PingPayload;
      const hookId = d.hook_id ?? (p.hook_id !== undefined ? String(p.hook_id) : null);
      return { ...base, hook_id: hookId, kind: 'ping', repo: p.repository ? repoOf(parse, p.repository) : null };
    }
    case 'push': {
      const p = d.payload as unknown as PushPayload;
      const ref = text(p.ref, 'ref');
      return {
        ...base,
        kind: 'push',
        repo: repoOf(parse, p.repository),
        ref,
        branch: ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null,
        sha: text(p.after, 'after'),
        deleted: p.deleted === true,
      };
    }
    case 'pull_request': {
      if (!action || !ACTED_ON.has(action)) return { ...base, kind: 'ignored', event: d.event, action };
      const p = d.payload as unknown as PullRequestPayload;
      const pr = p.pull_request;
      if (!pr || typeof p.number !== 'number') throw new ValidationError('delivery payload has no pull_request');
      return {
        ...base,
        kind: 'pull_request',
        repo: repoOf(parse, p.repository),
        action: action as PullRequestAction,
        number: p.number,
        merged: pr.merged === true,
        head: {
          sha: text(pr.head?.sha, 'pull_request.head.sha'),
          branch: text(pr.head?.ref, 'pull_request.head.ref'),
          // A fork on another host, or one deleted since, leaves no head repository to build from.
          repo: pr.head?.repo ? safeRepo(parse, pr.head.repo) : null,
        },
        base: { branch: text(pr.base?.ref, 'pull_request.base.ref') },
      };
    }
    default:
      return { ...base, kind: 'ignored', event: d.event, action };
  }
}

function safeRepo(parse: RepoParser, repository: unknown): RepositoryRef | null {
  try {
    return repoOf(parse, repository, 'pull_request.head.repo.html_url');
  } catch {
    return null;
  }
}
