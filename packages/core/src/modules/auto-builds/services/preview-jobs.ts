import type { DependencyContainer } from 'tsyringe';
import { ConflictError, ValidationError } from '../../../errors.js';
import type { Principal } from '../../../kernel/authenticator.js';
import { newId } from '../../../kernel/ids.js';
import { enqueueJob, interrupted, type JobHandler, type JobOutcome } from '../../../kernel/jobs.js';
import type { Store, StoreTx } from '../../../kernel/store.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import { BadSourceError } from '../../deploys/domain/source.js';
import type { PlatformCatalog } from '../../foundation/domain/catalog.js';
import type { AppView } from '../../foundation/domain/records.js';
import { AppService } from '../../foundation/services/apps.js';
import { eventSubject } from '../../foundation/services/resolve.js';
import type { PullRequestAction } from '../../source-control/source-control.js';
import { previewAppName, type Preview } from '../domain/auto-builds.js';
import { archiveSource, policedFetch } from './archive-source.js';
import { AUTO_BUILD, AUTO_BUILD_WATCH, type AutoBuildPayload, type AutoBuildWatchPayload } from './auto-build-jobs.js';
import { backoffMs } from '../../../kernel/backoff.js';
import type { AutoBuildOptions } from './options.js';
import { clonePreviewApp } from './preview-clone.js';
import { blueprintsAvailable, createPreviewSetup, previewBlueprint } from './preview-blueprint.js';

/** Job kind: act on one pull request event of an app with the preview feature. */
export const PREVIEW_EVENT = 'auto-build.preview';

/** Status context of preview builds on the PR head, apart from the source app's `slipway/build`. */
export const PREVIEW_STATUS_CONTEXT = 'slipway/preview';

/** Job kind: wait for a preview's app setup to start its build, then follow that build like an auto build's. */
export const PREVIEW_SETUP_WATCH = 'auto-build.preview-setup';

/** What a PREVIEW_SETUP_WATCH job carries. */
export interface PreviewSetupWatchPayload {
  setup_id: string;
  repo: string;
  sha: string;
  branch: string;
}

/** What a PREVIEW_EVENT job carries. */
export interface PreviewPayload {
  source_app_id: string;
  action: PullRequestAction;
  number: number;
  sha: string;
  branch: string;
  /** Web URL of the repository the head lives in (a fork), or null when it is gone. */
  head_repo: string | null;
  username: string;
  delivery_id: string;
}

/** Queues a build of the PR head on the preview app (released when it succeeds), inside the caller's transaction. */
async function queuePreviewBuild(tx: StoreTx, preview: Preview, p: PreviewPayload, repo: string): Promise<void> {
  const build: AutoBuildPayload = {
    app_id: p.source_app_id,
    target_app_id: preview.app_id,
    repo,
    sha: p.sha,
    branch: p.branch,
    status_check: false,
    auto_deploy: true,
    username: p.username,
    delivery_id: p.delivery_id,
    phase: 'checks',
    context: PREVIEW_STATUS_CONTEXT,
  };
  await enqueueJob(tx, AUTO_BUILD, `auto-build:${preview.app_id}:${p.sha}`, { ...build });
}

/** The seed's `preview` webhook payload for a new preview app (its `app_setup` block in the app-setup shape). */
function previewEvent(source: AppView, preview: AppView, setupId: string | null, at: Date) {
  return {
    ...eventSubject(source),
    change: 'create',
    preview: {
      app: { name: preview.app.name, id: preview.app.id },
      app_setup: {
        id: setupId,
        created_at: at.toISOString(),
        updated_at: at.toISOString(),
        app: { id: preview.app.id, name: preview.app.name },
        build: { id: null, status: 'queued', output_stream_url: null },
        progress: 0,
        status: 'pending',
        failure_message: '',
        manifest_errors: [],
        postdeploy: null,
        resolved_success_url: null,
      },
    },
    sites: [],
  };
}

/**
 * Pull request events of apps with the preview feature: opened (or reopened) creates the preview app and builds
 * the head; synchronize rebuilds it; closed deletes the preview app with everything it owns. Jobs of one pull
 * request share a key, so they run in the order GitHub sent them; each step is idempotent (a marker of the job
 * commits with the preview record).
 *
 * With the app-setups module listed, the preview app is an app setup of the source's blueprint (web only, config,
 * addons shared, the head's archive as source); without it, `clonePreviewApp` copies config and web formation and
 * the head is built like a push.
 */
export function previewHandler(store: Store, uow: UnitOfWork, c: DependencyContainer, catalog: PlatformCatalog, options: AutoBuildOptions): JobHandler {
  const source = options.sourceControl;
  const fetch = policedFetch(options.policy, options.archiveFetch);
  return {
    kind: PREVIEW_EVENT,
    async run(job, ctx): Promise<JobOutcome> {
      const p = job.payload as unknown as PreviewPayload;
      const found = await store.read(async (tx) => {
        const view = await tx.apps.find({ id: p.source_app_id });
        const ab = view ? await tx.autoBuilds.get(view.app.id) : null;
        return view && ab ? { view, ab, preview: await tx.previews.findByPullRequest(view.app.id, p.number) } : null;
      });
      if (!found) return { status: 'succeeded' };
      const { view: src, ab } = found;
      const actor: Principal = { id: src.app.owner_id, username: p.username, email: src.app.owner_email, roles: [] };
      if (p.action === 'closed') {
        if (found.preview) await c.resolve(AppService).delete(actor, found.preview.app_id).catch((err: Error) => (err.name === 'NotFoundError' ? undefined : Promise.reject(err)));
        return { status: 'succeeded' };
      }
      // A fork's head is built from the fork; a deleted fork leaves the base repository's copy of the PR head.
      const repo = p.head_repo ?? ab.repo;
      if (found.preview) {
        await uow.run(actor, async (tx) => {
          if (await tx.sourceDeliveries.remember(src.app.id, `job:${job.id}`, new Date())) await queuePreviewBuild(tx, found.preview!, p, repo);
        });
        return { status: 'succeeded' };
      }
      const name = previewAppName(src.app.name, p.number);
      if (!blueprintsAvailable(c)) {
        await uow.run(actor, async (tx, events) => {
          if (!(await tx.sourceDeliveries.remember(src.app.id, `job:${job.id}`, new Date()))) return;
          const now = new Date();
          const view = await clonePreviewApp(tx, events, src, name, catalog.defaultSize);
          const preview: Preview = { id: newId(), app_id: view.app.id, source_app_id: src.app.id, pull_request: p.number, branch: p.branch, app_setup_id: null, created_at: now, updated_at: now };
          await tx.previews.insert(preview);
          await events.emit('preview', previewEvent(src, view, null, now), src.app.id);
          await queuePreviewBuild(tx, preview, p, repo);
        });
        return { status: 'succeeded' };
      }
      let made: { app_id: string; setup_id: string | null };
      try {
        const archive = await archiveSource(source, source.parseRepositoryUrl(repo), p.sha, { fetch, maxBytes: options.maxArchiveBytes ?? 64 * 1024 * 1024, signal: ctx.signal });
        if (ctx.signal.aborted) return interrupted(ctx);
        made = await createPreviewSetup(c, await previewBlueprint(c, uow, src, name, archive, p.sha.slice(0, 7)), actor);
      } catch (err) {
        if (ctx.signal.aborted) return interrupted(ctx);
        // A run interrupted after its setup was created finds the app made for it: made after this job was queued.
        const adopted = err instanceof ConflictError ? await store.read((tx) => tx.apps.find({ name, space: src.space.name })) : null;
        if (adopted && adopted.app.created_at >= job.created_at) {
          made = { app_id: adopted.app.id, setup_id: (await store.read((tx) => tx.appSetups.byApp(adopted.app.id)))?.id ?? null };
        } else if (err instanceof BadSourceError || err instanceof ValidationError || err instanceof ConflictError) {
          // No preview can be made of this head (archive refused, blueprint refused, name taken): say so on the PR.
          await source.createCommitStatus(source.parseRepositoryUrl(ab.repo), p.sha, { state: 'failure', context: PREVIEW_STATUS_CONTEXT, description: `No preview: ${err.message}`.slice(0, 140) }).catch(() => undefined);
          return { status: 'succeeded' };
        } else throw err;
      }
      await uow.run(actor, async (tx, events) => {
        if (!(await tx.sourceDeliveries.remember(src.app.id, `job:${job.id}`, new Date()))) return;
        const view = await tx.apps.find({ id: made.app_id });
        if (!view) return;
        const now = new Date();
        const preview: Preview = { id: newId(), app_id: view.app.id, source_app_id: src.app.id, pull_request: p.number, branch: p.branch, app_setup_id: made.setup_id, created_at: now, updated_at: now };
        await tx.previews.insert(preview);
        await events.emit('preview', previewEvent(src, view, made.setup_id, now), src.app.id);
        if (made.setup_id) {
          const watch: PreviewSetupWatchPayload = { setup_id: made.setup_id, repo, sha: p.sha, branch: p.branch };
          await enqueueJob(tx, PREVIEW_SETUP_WATCH, `preview-setup:${made.setup_id}`, { ...watch });
        }
      });
      return { status: 'succeeded' };
    },
  };
}

/**
 * The first build of a preview is its app setup's: once the setup has started it, the build is followed by an
 * `auto-build.watch` job (statuses under `slipway/preview`; the setup releases it); a setup that failed before
 * building is reported as a failure on the PR head.
 */
export function previewSetupWatchHandler(store: Store, uow: UnitOfWork, options: AutoBuildOptions): JobHandler {
  const source = options.sourceControl;
  return {
    kind: PREVIEW_SETUP_WATCH,
    async run(job, ctx): Promise<JobOutcome> {
      const p = job.payload as unknown as PreviewSetupWatchPayload;
      const setup = await store.read((tx) => tx.appSetups.get(p.setup_id));
      if (!setup) return { status: 'succeeded' };
      if (setup.build_id) {
        await uow.run({ id: setup.user_id, username: setup.username, email: setup.user_email, roles: [] }, async (tx) => {
          const watch: AutoBuildWatchPayload = { app_id: setup.app_id, build_id: setup.build_id!, repo: p.repo, sha: p.sha, branch: p.branch, auto_deploy: false, context: PREVIEW_STATUS_CONTEXT };
          await enqueueJob(tx, AUTO_BUILD_WATCH, `auto-build-watch:${setup.build_id}`, { ...watch });
        });
        return { status: 'succeeded' };
      }
      if (setup.status === 'failed') {
        await source
          .createCommitStatus(source.parseRepositoryUrl(p.repo), p.sha, { state: 'failure', context: PREVIEW_STATUS_CONTEXT, description: `Preview setup failed: ${setup.failure_message}`.slice(0, 140) })
          .catch(() => undefined);
        return { status: 'succeeded' };
      }
      return { status: 'retry', at: new Date(ctx.clock.now().getTime() + backoffMs(job.attempts, { baseMs: options.pollMs ?? 5000, capMs: options.pollCapMs ?? 120_000, jitter: 0.5 })) };
    },
  };
}
