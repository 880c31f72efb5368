import { DriverUnavailableError, isPlatformError, NotFoundError } from '../../../errors.js';
import type { PlatformCatalog } from '../../foundation/domain/catalog.js';
import type { Formation, Release, Slug } from '../domain/deploys.js';
import type { AppView } from '../../foundation/domain/records.js';
import { DEFAULT_WEB_PORT, WEB_PROCESS_TYPE, parseMemoryQuantity, type DesiredAppState, type ProcessSpec } from '../domain/runtime.js';
import { SYSTEM_PRINCIPAL } from '../../../kernel/authenticator.js';
import type { AppTarget, RuntimeDriver } from '../ports/runtime-driver.js';
import type { Store, StoreTx } from '../../../kernel/store.js';
import type { AppCleanup } from '../../foundation/services/apps.js';
import { composeConfig, type ConfigSource } from '../../foundation/services/config-sources.js';
import { appJobKey, DEPLOY_APP, REMOVE_APP, RESTART_APP, type DeployOptions } from './deploys.js';
import { backoffMs } from '../../../kernel/backoff.js';
import { enqueueJob, interrupted, type JobHandler, type JobOutcome } from '../../../kernel/jobs.js';
import { eventSubject } from '../../foundation/services/resolve.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';

/** Who the runtime knows an app as. */
export function appTarget(view: AppView): AppTarget {
  return { app: { id: view.app.id, name: view.app.name }, space: { id: view.space.id, name: view.space.name } };
}

/**
 * One formation as the runtime should run it: its own command, else the slug's Procfile command for its
 * type, else the image's default. Maintenance mode takes the web process off (no traffic served).
 */
export function processSpec(f: Formation, catalog: PlatformCatalog, maintenance: boolean, procfile: Record<string, string> = {}): ProcessSpec {
  const size = catalog.sizes.find((s) => s.name === f.size);
  const web = f.type === WEB_PROCESS_TYPE;
  return {
    type: f.type,
    quantity: web && maintenance ? 0 : f.quantity,
    size: f.size,
    memory_bytes: size ? parseMemoryQuantity(size.memory) : null,
    command: f.command ?? procfile[f.type] ?? null,
    port: f.port ?? (web ? DEFAULT_WEB_PORT : null),
    healthcheck: f.healthcheck,
  };
}

/** The whole desired state of an app: its current release's image, its composed config and every formation. */
export async function desiredState(
  tx: StoreTx,
  view: AppView,
  release: Release,
  slug: Slug,
  sources: ConfigSource[],
  catalog: PlatformCatalog,
): Promise<DesiredAppState> {
  const env = await composeConfig(tx, view, sources);
  delete env.PORT;
  const formations = await tx.formations.list(view.app.id);
  return {
    ...appTarget(view),
    release: { id: release.id, version: release.version },
    image: slug.image,
    env,
    processes: formations.map((f) => processSpec(f, catalog, view.app.maintenance, slug.process_types)),
  };
}

/** Converges an app onto its current release; announces `released` once every new dyno is ready. */
export function deployHandler(store: Store, uow: UnitOfWork, runtime: RuntimeDriver, sources: ConfigSource[], catalog: PlatformCatalog, options: DeployOptions): JobHandler {
  const retries = options.deployRetries ?? 5;
  return {
    kind: DEPLOY_APP,
    async run(job, ctx): Promise<JobOutcome> {
      const appId = String(job.payload.app_id);
      const plan = await store.read(async (tx) => {
        const view = await tx.apps.find({ id: appId });
        const release = view ? await tx.releases.current(appId) : null;
        const slug = release ? await tx.slugs.get(release.slug_id) : null;
        if (!view || !release || !slug) return null;
        return { view, release, slug, state: await desiredState(tx, view, release, slug, sources, catalog) };
      });
      // Deleted, or never released: nothing to run (a removal job of the same key handles deletions).
      if (!plan) return { status: 'succeeded' };
      let result;
      try {
        result = await runtime.converge(plan.state);
      } catch (err) {
        if (isPlatformError(err) && !(err instanceof DriverUnavailableError)) return { status: 'failed', error: err.message };
        throw err;
      }
      // Lease lost or runner stopping while converging: whoever runs the job next converges again and announces.
      if (ctx.signal.aborted) return interrupted(ctx);
      if (result.not_ready.length) {
        const error = `${result.not_ready.length} new dyno(s) of v${plan.release.version} are not ready yet`;
        // Equal jitter: the retries together must still give slow dynos the whole window they had before jitter.
        const wait = backoffMs(job.attempts, { baseMs: options.deployRetryMs ?? 2000, capMs: 5 * 60_000, jitter: 0.5 });
        if (job.attempts <= retries) return { status: 'retry', at: new Date(ctx.clock.now().getTime() + wait), error };
        return { status: 'failed', error };
      }
      await uow.run(SYSTEM_PRINCIPAL, async (tx, events) => {
        const view = await tx.apps.find({ id: appId });
        if (!view) return;
        const at = new Date();
        if (!(await tx.releases.markReleased(plan.release.id, at))) return;
        await tx.apps.update({ ...view.app, released_at: at, image: plan.slug.image, updated_at: at, version: view.app.version + 1 });
        await events.emit('released', { ...eventSubject(view), slug: { image: plan.slug.image }, released_at: at.toISOString() }, appId);
      });
      return { status: 'succeeded' };
    },
  };
}

/** Rolling restart of an app's dynos (all, or one process type). */
export function restartHandler(store: Store, runtime: RuntimeDriver): JobHandler {
  return {
    kind: RESTART_APP,
    async run(job): Promise<JobOutcome> {
      const view = await store.read((tx) => tx.apps.find({ id: String(job.payload.app_id) }));
      if (!view) return { status: 'succeeded' };
      const type = typeof job.payload.type === 'string' ? job.payload.type : undefined;
      try {
        await runtime.restart(appTarget(view), type ? { type } : {});
      } catch (err) {
        if (err instanceof NotFoundError) return { status: 'succeeded' };
        if (isPlatformError(err) && !(err instanceof DriverUnavailableError)) return { status: 'failed', error: err.message };
        throw err;
      }
      return { status: 'succeeded' };
    },
  };
}

/** Removes a deleted app's dynos and engine objects. */
export function removeHandler(runtime: RuntimeDriver): JobHandler {
  return {
    kind: REMOVE_APP,
    async run(job): Promise<JobOutcome> {
      await runtime.removeApp(job.payload.target as AppTarget);
      return { status: 'succeeded' };
    },
  };
}

/**
 * On app delete: removes builds, slugs, releases and formations, and (when a runtime is configured) enqueues
 * the removal of its dynos under the app's key, so it runs after any deploy already queued.
 */
export function removeDeploys(options: DeployOptions): AppCleanup {
  return async (tx, view) => {
    await tx.formations.deleteByApp(view.app.id);
    await tx.releases.deleteByApp(view.app.id);
    await tx.builds.deleteByApp(view.app.id);
    await tx.slugs.deleteByApp(view.app.id);
    if (options.runtime) await enqueueJob(tx, REMOVE_APP, appJobKey(view.app.id), { target: appTarget(view) });
  };
}
