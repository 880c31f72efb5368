import type { CombinedState, CommitCheck } from '@slipway/core';

/** A commit status as GitHub lists it (newest first). */
export interface GitHubStatus {
  context: string;
  state: string;
  target_url: string | null;
}

/** A check run as GitHub lists it. */
export interface GitHubCheckRun {
  name: string;
  status: string;
  conclusion: string | null;
  details_url?: string | null;
  html_url?: string | null;
}

const PASSING = new Set(['success', 'neutral', 'skipped']);

/** A status: `error` and `failure` fail, `pending` waits. */
export function statusCheck(s: GitHubStatus): CommitCheck {
  const state: CombinedState = s.state === 'success' ? 'success' : s.state === 'pending' ? 'pending' : 'failure';
  return { kind: 'status', name: s.context, state, detail: s.state, target_url: s.target_url ?? null };
}

/**
 * A check run: running until `completed`; then success, neutral and skipped pass, and every other conclusion
 * (failure, cancelled, timed_out, action_required, stale, startup_failure) fails, as branch protection treats them.
 */
export function checkRunCheck(c: GitHubCheckRun): CommitCheck {
  const done = c.status === 'completed';
  const state: CombinedState = !done ? 'pending' : PASSING.has(c.conclusion ?? '') ? 'success' : 'failure';
  return { kind: 'check_run', name: c.name, state, detail: done ? (c.conclusion ?? 'completed') : c.status, target_url: c.details_url ?? null };
}

/** Latest status per context (the list is newest first), then check runs, minus ignored names. */
export function commitChecks(statuses: GitHubStatus[], runs: GitHubCheckRun[], ignore: string[] = []): CommitCheck[] {
  const skip = new Set(ignore);
  const seen = new Set<string>();
  const latest = statuses.filter((s) => !seen.has(s.context) && seen.add(s.context) !== undefined);
  return [...latest.map(statusCheck), ...runs.map(checkRunCheck)].filter((c) => !skip.has(c.name));
}

/** failure if any check failed, else pending if any is running, else success (also for no checks). */
export function combine(checks: CommitCheck[]): CombinedState {
  if (checks.some((c) => c.state === 'failure')) return 'failure';
  return checks.some((c) => c.state === 'pending') ? 'pending' : 'success';
}
