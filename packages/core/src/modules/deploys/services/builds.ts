import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadSourceError, isSha256Checksum, parseSourceUrl, redactUrl, requireProcessTypes, type ProcessTypes } from '../domain/source.js';
import type { SourceFetcher } from '../source-fetcher.js';
import { ConcurrencyError, NotFoundError, UnprocessableError } from '../../../errors.js';
import type { PlatformCatalog } from '../../foundation/domain/catalog.js';
import { newBuild, type Build, type BuildSourceBlob, type Slug } from '../domain/deploys.js';
import { newId } from '../../../kernel/ids.js';
import { isUuid } from '../../foundation/domain/names.js';
import { toPage, type Page, type PageRequest } from '../../../kernel/paging.js';
import type { AppView } from '../../foundation/domain/records.js';
import type { Principal } from '../../../kernel/authenticator.js';
import type { BuildDriver, BuildOutcome, BuildSource } from '../ports/build-driver.js';
import type { Store, StoreTx } from '../../../kernel/store.js';
import { requireBuilder, RUN_BUILD, type DeployOptions } from './deploys.js';
import { ensureFormations } from './formations.js';
import { enqueueJob, interrupted, leaseLost, type JobHandler, type JobOutcome } from '../../../kernel/jobs.js';
import { createRelease } from './releases.js';
import { eventSubject, requireApp } from '../../foundation/services/resolve.js';
import type { EventSink, UnitOfWork } from '../../../kernel/unit-of-work.js';

/** What `POST /apps/{app}/builds` carries. */
export interface BuildInput {
  url: string;
  checksum: string;
  org?: string;
  repo?: string;
  sha?: string;
  branch?: string;
  version?: string;
}

/** A build with its app. */
export interface BuildView {
  build: Build;
  view: AppView;
}

/** A slug with the build that produced it and that build's app. */
export interface SlugView {
  slug: Slug;
  build: Build | null;
  view: AppView | null;
}

/** Whether the auto-release feature is on for an app (its switch, else the catalog default). */
async function autoRelease(tx: StoreTx, view: AppView, catalog: PlatformCatalog): Promise<boolean> {
  const switches = await tx.features.get(view.app.id);
  return switches['auto-release'] ?? catalog.features.find((f) => f.name === 'auto-release')?.default_enabled ?? false;
}

/** The `build` webhook payload for a build's current state. */
function buildEvent(view: AppView, b: Build) {
  const result = b.status === 'pending' ? 'pending' : b.status === 'succeeded' ? 'succeeded' : 'failed';
  return { ...eventSubject(view), build: { id: b.id, result, created_at: b.created_at.toISOString(), repo: b.source.repo ?? '', commit: b.source.commit ?? '' } } as const;
}

/** Builds: create (a durable job does the work), list, get, logs, stop, rebuild; and slugs. */
export class BuildService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly options: DeployOptions,
  ) {}

  /** Records a pending build and enqueues its job; the source is checked by the job, which logs what is wrong. */
  create(actor: Principal, appRef: string, input: BuildInput): Promise<BuildView> {
    const source = this.sourceOf(input);
    return this.uow.run(actor, async (tx, events) => this.start(tx, events, actor, await requireApp(tx, appRef), source));
  }

  /** Like `create`, inside the caller's unit of work (a module that records its own state with the build). */
  createIn(tx: StoreTx, events: EventSink, actor: Principal, view: AppView, input: BuildInput): Promise<BuildView> {
    return this.start(tx, events, actor, view, this.sourceOf(input));
  }

  private sourceOf(input: BuildInput): BuildSourceBlob {
    requireBuilder(this.options);
    // Fail fast on what can be judged without fetching anything: scheme and checksum syntax.
    parseSourceUrl(input.url);
    if (!isSha256Checksum(input.checksum)) throw new BadSourceError('checksum must look like sha256:<64 hex digits>', 'checksum');
    return {
      url: input.url,
      checksum: input.checksum.trim().toLowerCase(),
      version: input.version ?? null,
      commit: input.sha ?? null,
      repo: input.repo ?? null,
      branch: input.branch ?? null,
      org: input.org ?? null,
    };
  }

  /** A new build from the sources of an earlier one; 422 once those sources were archived. */
  rebuild(actor: Principal, appRef: string, buildId: string): Promise<BuildView> {
    requireBuilder(this.options);
    return this.uow.run(actor, async (tx, events) => {
      const view = await requireApp(tx, appRef);
      const old = await this.require(tx, view, buildId);
      if (!old.source.url) throw new UnprocessableError(`The sources of build ${old.id} were archived; submit a new build.`, 'build');
      return this.start(tx, events, actor, view, old.source);
    });
  }

  /** Stops a pending build (205); 422 once it finished. */
  async stop(actor: Principal, appRef: string, buildId: string): Promise<BuildView> {
    const stopped = await this.uow.run(actor, async (tx, events) => {
      const view = await requireApp(tx, appRef);
      const build = await this.require(tx, view, buildId);
      if (build.status !== 'pending') throw new UnprocessableError(`The build ${build.id} has already ${build.status === 'stopped' ? 'been stopped' : build.status}; it cannot be stopped.`, 'build');
      const next: Build = { ...build, status: 'stopped', updated_at: new Date() };
      if (!(await tx.builds.settle(next))) throw new UnprocessableError(`The build ${build.id} finished meanwhile; it cannot be stopped.`, 'build');
      await tx.builds.appendLines(build.id, ['Build stopped by request']);
      await events.emit('build', buildEvent(view, next), view.app.id);
      return { build: next, view };
    });
    // The job notices the stop (on any replica); canceling here only makes it quicker when it runs in this process.
    await this.options.builder?.cancel(stopped.build.id).catch(() => false);
    return stopped;
  }

  /** A page of an app's builds. */
  async list(appRef: string, page: PageRequest): Promise<Page<BuildView>> {
    return this.uow.read(async (tx) => {
      const view = await requireApp(tx, appRef);
      const p = toPage(await tx.builds.list(view.app.id, page), page, (b) => b.id);
      return { ...p, items: p.items.map((build) => ({ build, view })) };
    });
  }

  /** One build of an app. */
  get(appRef: string, buildId: string): Promise<BuildView> {
    return this.uow.read(async (tx) => {
      const view = await requireApp(tx, appRef);
      return { build: await this.require(tx, view, buildId), view };
    });
  }

  /** A build's status and the log lines kept so far. */
  result(appRef: string, buildId: string): Promise<BuildView & { lines: string[] }> {
    return this.uow.read(async (tx) => {
      const view = await requireApp(tx, appRef);
      const build = await this.require(tx, view, buildId);
      return { build, view, lines: await tx.builds.lines(build.id) };
    });
  }

  /** A slug by id, with the build (and app) that produced it when they still exist. */
  slug(id: string): Promise<SlugView> {
    return this.uow.read(async (tx) => {
      const slug = isUuid(id) ? await tx.slugs.get(id.toLowerCase()) : null;
      if (!slug) throw new NotFoundError(`The slug ${id} was not found.`, 'slug');
      const build = await tx.builds.find(slug.build_id);
      const view = build ? await tx.apps.find({ id: build.app_id }) : null;
      return { slug, build, view };
    });
  }

  private async start(tx: StoreTx, events: EventSink, actor: Principal, view: AppView, source: BuildSourceBlob): Promise<BuildView> {
    const now = new Date();
    const build = newBuild(view.app.id, actor, source, 'pending', now);
    await tx.builds.insert(build);
    await tx.builds.archiveSources(view.app.id, this.options.keepSources ?? 20);
    await enqueueJob(tx, RUN_BUILD, `build:${build.id}`, { build_id: build.id });
    await events.emit('build', buildEvent(view, build), view.app.id);
    return { build, view };
  }

  private async require(tx: StoreTx, view: AppView, id: string): Promise<Build> {
    const build = isUuid(id) ? await tx.builds.get(view.app.id, id.toLowerCase()) : null;
    if (!build) throw new NotFoundError(`The build ${id} was not found.`, 'build');
    return build;
  }
}

/** Log lines of a running build, written in small batches so a chatty build does not cost a transaction per line. */
class BuildLog {
  private pending: string[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly buildId: string,
  ) {}

  line(text: string): void {
    this.pending.push(text.replace(/\r?\n$/, ''));
    this.timer ??= setTimeout(() => void this.flush(), 200);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length) this.flushing = this.flushing.then(() => this.store.transaction((tx) => tx.builds.appendLines(this.buildId, batch))).catch(() => undefined);
    return this.flushing;
  }
}

/** Describes a source for the log without credentials or query strings. */
function describeSource(url: string): string {
  const loc = parseSourceUrl(url);
  if (loc.kind === 'image') return `image ${loc.image}`;
  if (loc.kind === 'data') return 'pushed sources (data: URI)';
  return redactUrl(loc.url);
}

/**
 * Runs one build per job: fetch and verify the source, build it, then record the slug, the Procfile's formations
 * and (with auto-release) a release in one transaction. A bad source fails the build with a clear log line; an
 * unreachable engine throws so the job is retried; a controller crash re-runs the job from its build id, which the
 * build driver makes safe.
 */
export function buildHandler(store: Store, uow: UnitOfWork, builder: BuildDriver, catalog: PlatformCatalog, options: DeployOptions): JobHandler {
  return {
    kind: RUN_BUILD,
    async run(job, ctx): Promise<JobOutcome> {
      const id = String(job.payload.build_id);
      const found = await store.read(async (tx) => {
        const build = await tx.builds.find(id);
        return build ? { build, view: await tx.apps.find({ id: build.app_id }) } : null;
      });
      if (!found?.view || found.build.status !== 'pending') return { status: 'succeeded' };
      const { build, view } = found;
      const log = new BuildLog(store, id);
      if (job.attempts > 1) log.line(`Resuming build (attempt ${job.attempts}) after an interruption`);
      const abort = new AbortController();
      const onStop = () => abort.abort();
      ctx.signal.addEventListener('abort', onStop);
      // Stops requested on any replica are seen here: the build row is the truth.
      const watcher = setInterval(() => {
        store
          .read((tx) => tx.builds.find(id))
          .then((b) => {
            if (!b || b.status !== 'pending') {
              abort.abort();
              void builder.cancel(id).catch(() => false);
            }
          })
          .catch(() => undefined);
      }, options.buildStopPollMs ?? 1000);
      watcher.unref?.();
      // Archive sources are unpacked here and removed once the build settled, whatever the outcome.
      let workDir: string | null = null;
      try {
        let source: BuildSource;
        let processTypes: ProcessTypes = {};
        try {
          if (!build.source.url) throw new BadSourceError('the build has no source (archived)');
          log.line(`Getting source from ${describeSource(build.source.url)}${build.source.commit ? ` at ${build.source.commit}` : ''}`);
          const loc = parseSourceUrl(build.source.url);
          if (loc.kind === 'image') {
            source = { kind: 'image', image: loc.image };
          } else {
            const fetcher = requireFetcher(options.sourceFetcher);
            const limits = options.source ?? {};
            const fetched = await fetcher.fetch(build.source.url, {
              checksum: build.source.checksum,
              signal: abort.signal,
              ...(limits.maxBytes !== undefined ? { maxBytes: limits.maxBytes } : {}),
            });
            workDir = await mkdtemp(join(limits.workDir ?? tmpdir(), 'slipway-build-'));
            const unpacked = await fetcher.unpack(fetched, join(workDir, 'src'), {
              ...(limits.maxUnpackedBytes !== undefined ? { maxBytes: limits.maxUnpackedBytes } : {}),
              ...(limits.maxEntries !== undefined ? { maxEntries: limits.maxEntries } : {}),
            });
            log.line(`Verified source against ${build.source.checksum}: ${unpacked.entries} entries, ${unpacked.bytes} bytes`);
            processTypes = unpacked.processTypes;
            if (Object.keys(processTypes).length) log.line(`Procfile declares ${Object.keys(processTypes).join(', ')}`);
            const formations = await store.read((tx) => tx.formations.list(build.app_id));
            // Only running types need a command from the Procfile: scaled-to-zero ones may be left behind by an older Procfile.
            requireProcessTypes(processTypes, formations.filter((f) => !f.command && f.quantity > 0).map((f) => f.type));
            source = { kind: 'directory', path: unpacked.root };
          }
        } catch (err) {
          if (abort.signal.aborted) return stopOrRetry(ctx.signal);
          if (!(err instanceof BadSourceError)) throw err;
          if (leaseLost(ctx)) return interrupted(ctx);
          log.line(`Build failed: ${err.message}`);
          await log.flush();
          await finish(uow, catalog, build, { status: 'failed', reason: err.message }, {});
          return { status: 'succeeded' };
        }
        if (abort.signal.aborted) return stopOrRetry(ctx.signal);
        let outcome: BuildOutcome;
        try {
          outcome = await builder.build({ id, app: { id: view.app.id, name: view.app.name }, space: { id: view.space.id, name: view.space.name }, source, onLog: (l) => log.line(l) });
        } catch (err) {
          // The engine is down: the job is retried with backoff, and the build stays pending meanwhile.
          log.line(`Build engine unavailable, will retry: ${(err as Error).message}`);
          throw err;
        }
        if (outcome.status === 'canceled' && ctx.signal.aborted) return stopOrRetry(ctx.signal);
        // Lease lost: the worker holding the job now builds the same id and settles it; settling it here too would
        // announce it twice. (Cancelling is not ours to do either: the build id is shared with that worker's run.)
        if (leaseLost(ctx)) return interrupted(ctx);
        await log.flush();
        await finish(uow, catalog, build, outcome, processTypes);
        return { status: 'succeeded' };
      } finally {
        if (workDir) await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
        clearInterval(watcher);
        ctx.signal.removeEventListener('abort', onStop);
        await log.flush();
      }
    },
  };
}

/** The platform's SourceFetcher; a build of an archive fails clearly when the host registered none. */
function requireFetcher(fetcher: SourceFetcher | undefined): SourceFetcher {
  if (!fetcher) throw new BadSourceError('this platform fetches no archive sources (no SourceFetcher is registered); use a docker:// image');
  return fetcher;
}

/** A build interrupted by the controller stopping runs again later; one stopped by a user is finished. */
function stopOrRetry(runnerStopping: AbortSignal): JobOutcome {
  return runnerStopping.aborted ? { status: 'retry', at: new Date(), error: 'controller stopped during the build' } : { status: 'succeeded' };
}

/** Settles a build: slug, Procfile formations and auto-release on success; the `build` event either way. */
async function finish(uow: UnitOfWork, catalog: PlatformCatalog, build: Build, outcome: BuildOutcome, processTypes: ProcessTypes): Promise<void> {
  const actor = { id: build.user_id, username: build.user_name, email: build.user_email, roles: [] };
  await uow.run(actor, async (tx, events) => {
    const view = await tx.apps.find({ id: build.app_id });
    const stored = await tx.builds.find(build.id);
    // App deleted, or the build stopped meanwhile: the stop already settled it.
    if (!view || !stored || stored.status !== 'pending') return;
    const now = new Date();
    let next: Build = { ...stored, status: outcome.status === 'succeeded' ? 'succeeded' : outcome.status === 'canceled' ? 'stopped' : 'failed', updated_at: now };
    if (outcome.status === 'succeeded') {
      const slug: Slug = { id: newId(), app_id: build.app_id, build_id: build.id, image: outcome.image, digest: outcome.digest, process_types: processTypes, checksum: build.source.checksum, created_at: now };
      await tx.slugs.insert(slug);
      next = { ...next, slug_id: slug.id };
      await ensureFormations(tx, events, view, Object.keys(processTypes).length ? Object.keys(processTypes) : ['web'], catalog.defaultSize);
      if (await autoRelease(tx, view, catalog)) {
        const release = await createRelease(tx, view, slug, `Auto-release of build ${build.id}${build.source.version ? ` (${build.source.version})` : ''}`, actor, events);
        next = { ...next, release_id: release.id };
        await tx.builds.appendLines(build.id, [`Released as v${release.version}`]);
      }
    }
    // A stop that slipped in after the read above wins: re-run, and the read then sees it.
    if (!(await tx.builds.settle(next))) throw new ConcurrencyError('the build was settled concurrently');
    await events.emit('build', buildEvent(view, next), view.app.id);
  });
}
