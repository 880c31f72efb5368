import { DriverUnavailableError } from '../../../errors.js';
import type { Principal } from '../../../kernel/authenticator.js';
import { backoffMs } from '../../../kernel/backoff.js';
import { enqueueJob, interrupted, leaseLost, type JobContext, type JobHandler, type JobOutcome } from '../../../kernel/jobs.js';
import type { Store, StoreTx } from '../../../kernel/store.js';
import type { EventSink, UnitOfWork } from '../../../kernel/unit-of-work.js';
import { newBuild, type Build } from '../../deploys/domain/deploys.js';
import { BadSourceError } from '../../deploys/domain/source.js';
import type { BuildService } from '../../deploys/services/builds.js';
import { createRelease } from '../../deploys/services/releases.js';
import { appKey } from '../../foundation/domain/names.js';
import type { AppView } from '../../foundation/domain/records.js';
import { eventSubject } from '../../foundation/services/resolve.js';
import type { CommitStatusInput, CommitStatusState, RepositoryRef, SourceControl } from '../../source-control/source-control.js';
import { BUILD_STATUS_CONTEXT } from '../domain/auto-builds.js';
import { archiveSource, policedFetch } from './archive-source.js';
import type { AutoBuildOptions } from './options.js';

/** Job kind: wait for a pushed commit's checks (status_check), download its archive and start its build. */
export const AUTO_BUILD = 'auto-build.start';
/** Job kind: follow an auto build to its end, release it (auto_deploy) and report its outcome as a commit status. */
export const AUTO_BUILD_WATCH = 'auto-build.watch';

/** What an AUTO_BUILD job carries. */
export interface AutoBuildPayload {
  /** The app whose auto build received the event. */
  app_id: string;
  /** The app built; the preview app for pull requests, `app_id` otherwise. */
  target_app_id?: string;
  repo: string;
  sha: string;
  branch: string;
  status_check: boolean;
  auto_deploy: boolean;
  username: string;
  delivery_id: string;
  phase: 'checks';
  /** Status context reported on the commit; `slipway/build` by default. */
  context?: string;
  /** When the wait for checks began (ISO), for the timeout. */
  checks_since?: string;
}

/** What an AUTO_BUILD_WATCH job carries. */
export interface AutoBuildWatchPayload {
  app_id: string;
  build_id: string;
  repo: string;
  sha: string;
  branch: string;
  auto_deploy: boolean;
  context: string;
  /** Whether the pending status was reported already. */
  reported?: boolean;
}

/** The actor builds and releases of an auto build are attributed to: the username given at registration. */
function actorFor(username: string): Principal {
  return { id: '00000000-0000-0000-0000-000000000000', username, email: '', roles: [] };
}

/** The poll delay of attempt `attempt`, under the module's backoff shape (equal jitter: polls keep a steady pace). */
function pollDelay(options: AutoBuildOptions, attempt: number): number {
  return backoffMs(attempt, { baseMs: options.pollMs ?? 5000, capMs: options.pollCapMs ?? 120_000, jitter: 0.5 });
}

/** Link to a build's log in Slipway, for the commit status; none without a public URL. */
function targetUrl(options: AutoBuildOptions, view: AppView, buildId: string): string | undefined {
  return options.publicUrl ? `${options.publicUrl.replace(/\/+$/, '')}/apps/${appKey(view.app.name, view.space.name)}/builds/${buildId}/result` : undefined;
}

/**
 * Reports a commit status with the operator's credential. An unreachable host retries the job (the status is
 * idempotent: the latest per context wins); a host refusing the credential leaves the commit without a status,
 * which must not undo the build.
 */
async function report(source: SourceControl, repo: RepositoryRef, sha: string, status: CommitStatusInput): Promise<void> {
  try {
    await source.createCommitStatus(repo, sha, status);
  } catch (err) {
    if (err instanceof DriverUnavailableError) throw err;
  }
}

/** Records a build that never ran (checks failed, archive refused): failed, with its reason in the log. */
async function recordFailedBuild(tx: StoreTx, events: EventSink, view: AppView, p: AutoBuildPayload, actor: Principal, lines: string[]): Promise<Build> {
  const now = new Date();
  const build = newBuild(view.app.id, actor, { url: null, checksum: '', version: null, commit: p.sha, repo: p.repo, branch: p.branch, org: null }, 'failed', now);
  await tx.builds.insert(build);
  await tx.builds.appendLines(build.id, lines);
  await events.emit('build', { ...eventSubject(view), build: { id: build.id, result: 'failed', created_at: now.toISOString(), repo: p.repo, commit: p.sha } }, view.app.id);
  return build;
}

/**
 * The first step of an auto build: with status_check, poll the commit's statuses and checks (kernel backoff, the
 * platform's clock) until they pass, fail or time out; then download the commit's archive through the SourceControl
 * port under the outbound policy and start a build of it. Starting the build and the watch job that follows it
 * commit together with a marker of this job, so a re-run after a crash starts nothing twice.
 */
export function autoBuildHandler(store: Store, uow: UnitOfWork, builds: () => BuildService, options: AutoBuildOptions): JobHandler {
  const source = options.sourceControl;
  const fetch = policedFetch(options.policy, options.archiveFetch);
  return {
    kind: AUTO_BUILD,
    async run(job, ctx): Promise<JobOutcome> {
      const p = job.payload as unknown as AutoBuildPayload;
      const targetId = p.target_app_id ?? p.app_id;
      const context = p.context ?? BUILD_STATUS_CONTEXT;
      const view = await store.read((tx) => tx.apps.find({ id: targetId }));
      if (!view) return { status: 'succeeded' };
      const repo = source.parseRepositoryUrl(p.repo);
      const actor = actorFor(p.username);
      const fail = async (lines: string[], description: string): Promise<JobOutcome> => {
        if (leaseLost(ctx)) return interrupted(ctx);
        const build = await uow.run(actor, async (tx, events) => {
          if (!(await tx.sourceDeliveries.remember(targetId, `job:${job.id}`, new Date()))) return null;
          return recordFailedBuild(tx, events, view, p, actor, lines);
        });
        const url = build ? targetUrl(options, view, build.id) : undefined;
        await report(source, repo, p.sha, { state: 'failure', context, description, ...(url ? { target_url: url } : {}) });
        return { status: 'succeeded' };
      };
      if (p.status_check) {
        const state = await source.commitState(repo, p.sha, { ignore: [context, BUILD_STATUS_CONTEXT] });
        if (state.state === 'failure') {
          const failed = state.checks.filter((c) => c.state === 'failure');
          return fail(
            [...failed.map((c) => `Status check "${c.name}" ${c.detail === 'failure' ? 'failed' : `ended ${c.detail}`} on ${p.sha.slice(0, 7)}`), `Build stopped: the status checks of ${p.sha.slice(0, 7)} did not pass.`],
            'Status checks failed; not built',
          );
        }
        if (state.state === 'pending') {
          const since = p.checks_since ? new Date(p.checks_since) : ctx.clock.now();
          if (ctx.clock.now().getTime() - since.getTime() > (options.checksTimeoutMs ?? 6 * 3600_000)) {
            return fail([`Build stopped: the status checks of ${p.sha.slice(0, 7)} were still pending after ${Math.round((options.checksTimeoutMs ?? 6 * 3600_000) / 60_000)} minutes.`], 'Status checks timed out; not built');
          }
          if (!p.checks_since) await report(source, repo, p.sha, { state: 'pending', context, description: 'Waiting for status checks' });
          return { status: 'retry', at: new Date(ctx.clock.now().getTime() + pollDelay(options, job.attempts)), payload: { ...p, checks_since: since.toISOString() } };
        }
      }
      let archive;
      try {
        archive = await archiveSource(source, repo, p.sha, { fetch, maxBytes: options.maxArchiveBytes ?? 64 * 1024 * 1024, signal: ctx.signal });
      } catch (err) {
        if (ctx.signal.aborted) return interrupted(ctx);
        if (err instanceof BadSourceError) return fail([`Build failed: ${err.message}`], 'Source archive refused; not built');
        throw err;
      }
      if (ctx.signal.aborted) return interrupted(ctx);
      await uow.run(actor, async (tx, events) => {
        if (!(await tx.sourceDeliveries.remember(targetId, `job:${job.id}`, new Date()))) return;
        const current = await tx.apps.find({ id: targetId });
        if (!current) return;
        const { build } = await builds().createIn(tx, events, actor, current, { url: archive.url, checksum: archive.checksum, repo: p.repo, sha: p.sha, branch: p.branch, version: p.sha.slice(0, 7) });
        const watch: AutoBuildWatchPayload = { app_id: targetId, build_id: build.id, repo: p.repo, sha: p.sha, branch: p.branch, auto_deploy: p.auto_deploy, context };
        await enqueueJob(tx, AUTO_BUILD_WATCH, `auto-build-watch:${build.id}`, { ...watch });
      });
      return { status: 'succeeded' };
    },
  };
}

/** Follows an auto build: reports it pending, then success or failure; with auto_deploy releases it exactly once. */
export function autoBuildWatchHandler(store: Store, uow: UnitOfWork, options: AutoBuildOptions): JobHandler {
  const source = options.sourceControl;
  return {
    kind: AUTO_BUILD_WATCH,
    async run(job, ctx: JobContext): Promise<JobOutcome> {
      const p = job.payload as unknown as AutoBuildWatchPayload;
      const found = await store.read(async (tx) => {
        const build = await tx.builds.find(p.build_id);
        return build ? { build, view: await tx.apps.find({ id: build.app_id }) } : null;
      });
      if (!found?.view) return { status: 'succeeded' };
      const { build, view } = found;
      const repo = source.parseRepositoryUrl(p.repo);
      const url = targetUrl(options, view, build.id);
      const link = url ? { target_url: url } : {};
      if (build.status === 'pending') {
        if (!p.reported) await report(source, repo, p.sha, { state: 'pending', context: p.context, description: 'Building', ...link });
        return { status: 'retry', at: new Date(ctx.clock.now().getTime() + pollDelay(options, job.attempts)), payload: { ...p, reported: true } };
      }
      if (leaseLost(ctx)) return interrupted(ctx);
      let state: CommitStatusState = build.status === 'succeeded' ? 'success' : 'failure';
      let description = build.status === 'succeeded' ? 'Build succeeded' : build.status === 'stopped' ? 'Build stopped' : 'Build failed';
      if (build.status === 'succeeded' && p.auto_deploy && !build.release_id && build.slug_id) {
        const released = await uow.run(actorFor(build.user_name), async (tx, events) => {
          if (!(await tx.sourceDeliveries.remember(view.app.id, `release:${build.id}`, new Date()))) return null;
          const slug = await tx.slugs.get(build.slug_id!);
          const current = await tx.apps.find({ id: view.app.id });
          if (!slug || !current) return null;
          const release = await createRelease(tx, current, slug, `Auto-deploy of ${p.sha.slice(0, 7)} from ${p.branch}`, actorFor(build.user_name), events);
          await tx.builds.appendLines(build.id, [`Released as v${release.version}`]);
          return release;
        });
        if (released) description = `Build succeeded, released as v${released.version}`;
      }
      if (build.status === 'stopped') state = 'error';
      await report(source, repo, p.sha, { state, context: p.context, description, ...link });
      return { status: 'succeeded' };
    },
  };
}
