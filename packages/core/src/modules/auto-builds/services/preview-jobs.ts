import type { Principal } from '../../../kernel/authenticator.js';
import { newId } from '../../../kernel/ids.js';
import { enqueueJob, type JobHandler, type JobOutcome } from '../../../kernel/jobs.js';
import type { Store, StoreTx } from '../../../kernel/store.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import type { PlatformCatalog } from '../../foundation/domain/catalog.js';
import type { AppView } from '../../foundation/domain/records.js';
import type { AppService } from '../../foundation/services/apps.js';
import { eventSubject } from '../../foundation/services/resolve.js';
import type { PullRequestAction } from '../../source-control/source-control.js';
import { previewAppName, type Preview } from '../domain/auto-builds.js';
import { AUTO_BUILD, type AutoBuildPayload } from './auto-build-jobs.js';
import { clonePreviewApp } from './preview-clone.js';

/** Job kind: act on one pull request event of an app with the preview feature. */
export const PREVIEW_EVENT = 'auto-build.preview';

/** Status context of preview builds on the PR head, apart from the source app's `slipway/build`. */
export const PREVIEW_STATUS_CONTEXT = 'slipway/preview';

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
  await enqueueJob(tx, AUTO_BUILD, `auto-build:${preview.app_id}`, { ...build });
}

/** The seed's `preview` webhook payload for a new preview app. */
function previewEvent(source: AppView, preview: AppView, at: Date) {
  return {
    ...eventSubject(source),
    change: 'create',
    preview: {
      app: { name: preview.app.name, id: preview.app.id },
      app_setup: {
        id: null,
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
 * request share a key, so they run in the order GitHub sent them; each step is idempotent.
 */
export function previewHandler(store: Store, uow: UnitOfWork, apps: () => AppService, catalog: PlatformCatalog): JobHandler {
  return {
    kind: PREVIEW_EVENT,
    async run(job): Promise<JobOutcome> {
      const p = job.payload as unknown as PreviewPayload;
      const actor: Principal = { id: '00000000-0000-0000-0000-000000000000', username: p.username, email: '', roles: [] };
      const found = await store.read(async (tx) => {
        const source = await tx.apps.find({ id: p.source_app_id });
        const ab = source ? await tx.autoBuilds.get(source.app.id) : null;
        return source && ab ? { source, ab, preview: await tx.previews.findByPullRequest(source.app.id, p.number) } : null;
      });
      if (!found) return { status: 'succeeded' };
      const { source, ab } = found;
      if (p.action === 'closed') {
        if (found.preview) await apps().delete(actor, found.preview.app_id).catch((err: Error) => (err.name === 'NotFoundError' ? undefined : Promise.reject(err)));
        return { status: 'succeeded' };
      }
      // A fork's head is built from the fork; a deleted fork leaves nothing to build.
      const repo = p.head_repo ?? ab.repo;
      await uow.run(actor, async (tx, events) => {
        if (!(await tx.sourceDeliveries.remember(source.app.id, `job:${job.id}`, new Date()))) return;
        const existing = await tx.previews.findByPullRequest(source.app.id, p.number);
        if (existing) return queuePreviewBuild(tx, existing, p, repo);
        const now = new Date();
        const view = await clonePreviewApp(tx, events, source, previewAppName(source.app.name, p.number), catalog.defaultSize);
        const preview: Preview = { id: newId(), app_id: view.app.id, source_app_id: source.app.id, pull_request: p.number, branch: p.branch, created_at: now, updated_at: now };
        await tx.previews.insert(preview);
        await events.emit('preview', previewEvent(source, view, now), source.app.id);
        await queuePreviewBuild(tx, preview, p, repo);
      });
      return { status: 'succeeded' };
    },
  };
}
