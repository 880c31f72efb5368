import type { InjectionToken } from 'tsyringe';
import { NotFoundError, UnprocessableError, ValidationError } from '../../../errors.js';
import type { Release, Slug } from '../domain/deploys.js';
import { newId } from '../../../kernel/ids.js';
import { EarlyReads } from '../../../kernel/early-reads.js';
import { settleAll } from '../../../kernel/settle.js';
import { isUuid } from '../../foundation/domain/names.js';
import { toPage, type Page, type PageRequest } from '../../../kernel/paging.js';
import type { AppView } from '../../foundation/domain/records.js';
import type { Principal } from '../../../kernel/authenticator.js';
import { SYSTEM_PRINCIPAL } from '../../../kernel/authenticator.js';
import type { StoreTx } from '../../../kernel/store.js';
import type { ConfigChangeHook } from '../../foundation/services/config-sources.js';
import { enqueueDeploy, requireRuntime, type DeployOptions } from './deploys.js';
import { eventSubject, requireApp } from '../../foundation/services/resolve.js';
import type { EventSink, UnitOfWork } from '../../../kernel/unit-of-work.js';

/** Decides whether an app may receive releases directly (pipelines forbid it on downstream apps: 422). */
export type ReleaseGuard = (tx: StoreTx, view: AppView) => Promise<void>;

/** DI token of the extension point where modules add release guards. */
export const RELEASE_GUARDS: InjectionToken<ReleaseGuard[]> = Symbol.for('slipway.ReleaseGuards');

/**
 * Records a new release of `slug` as the app's next version and asks for it to be deployed, all in the caller's
 * transaction. `events` is absent for releases the platform makes on its own (config changes), which the
 * config-change hook cannot announce.
 */
export async function createRelease(
  tx: StoreTx,
  view: AppView,
  slug: Slug,
  description: string,
  actor: Principal,
  events?: EventSink,
  known?: { current: Release | null },
): Promise<Release> {
  // `known`: the app's current release as the caller just read it in this transaction (one read fewer).
  const current = known ? known.current : await tx.releases.current(view.app.id);
  const release: Release = {
    id: newId(),
    app_id: view.app.id,
    version: (current?.version ?? 0) + 1,
    slug_id: slug.id,
    description,
    status: 'succeeded',
    user_id: actor.id,
    user_email: actor.email,
    released_at: null,
    created_at: new Date(),
  };
  await tx.releases.insert(release);
  await enqueueDeploy(tx, view.app.id);
  await events?.emit(
    'release',
    {
      ...eventSubject(view),
      release: { id: release.id, result: 'succeeded', created_at: release.created_at.toISOString(), version: release.version, description },
      build: { id: slug.build_id },
    },
    view.app.id,
  );
  return release;
}

/** Current releases read ahead by `releaseOnConfigChange.prepare`. */
const currentReads = new EarlyReads<Release | null>();

/**
 * Rolls an app onto a new release of its current slug whenever its effective config changes, so the new
 * values are live after the rolling restart. Apps never released have nothing to roll.
 */
export const releaseOnConfigChange: ConfigChangeHook = Object.assign(
  async (tx: StoreTx, view: AppView, description: string, events?: EventSink) => {
    // Read early (before the change took its locks), it only says whether there is anything to roll and which slug
    // that likely is. The release read again now decides: a deploy that committed since then is what rolls on, never
    // the slug it replaced. That read and the likely slug's go out together.
    const early = await (currentReads.take(tx, view.app.id) ?? tx.releases.current(view.app.id));
    if (!early) return;
    const [current, likely] = await settleAll([tx.releases.current(view.app.id), tx.slugs.get(early.slug_id)]);
    if (!current) return;
    const slug = current.slug_id === early.slug_id ? likely : await tx.slugs.get(current.slug_id);
    if (!slug) return;
    await createRelease(tx, view, slug, description, SYSTEM_PRINCIPAL, events, { current });
  },
  { prepare: (tx: StoreTx, view: AppView) => currentReads.start(tx, view.app.id, () => tx.releases.current(view.app.id)) },
);

/** A release with whether it is the app's current one. */
export interface ReleaseView {
  release: Release;
  view: AppView;
  current: boolean;
}

/** Releases: create from a slug (or build), roll back to an earlier release, list, get. */
export class ReleaseService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly options: DeployOptions,
    private readonly guards: ReleaseGuard[] = [],
  ) {}

  /** Releases a slug (`slug`, a slug or build id) or rolls back to an earlier release (`release`). */
  create(actor: Principal, appRef: string, input: { slug?: string; release?: string; description?: string }): Promise<ReleaseView> {
    if (input.slug !== undefined && input.release !== undefined) throw new ValidationError('Give either slug or release, not both.', 'slug');
    if (input.slug === undefined && input.release === undefined) throw new ValidationError('slug (or release, to roll back) is required', 'slug');
    requireRuntime(this.options);
    return this.uow.run(actor, async (tx, events) => {
      const view = await requireApp(tx, appRef);
      for (const guard of this.guards) await guard(tx, view);
      let slug: Slug;
      let description = input.description;
      if (input.slug !== undefined) {
        slug = await this.requireSlug(tx, input.slug);
        description ??= `Deploy ${slug.id}`;
      } else {
        const target = isUuid(input.release!) ? await tx.releases.get(view.app.id, input.release!.toLowerCase()) : null;
        if (!target) throw new NotFoundError(`The release ${input.release} was not found.`, 'release');
        const found = await tx.slugs.get(target.slug_id);
        if (!found) throw new UnprocessableError(`The slug of release v${target.version} is gone; it cannot be rolled back to.`, 'release');
        slug = found;
        description ??= `Rollback to v${target.version}`;
      }
      const release = await createRelease(tx, view, slug, description, actor, events);
      return { release, view, current: true };
    });
  }

  /** A page of an app's releases, each flagged `current` when it is the newest. */
  async list(appRef: string, page: PageRequest): Promise<Page<ReleaseView>> {
    return this.uow.read(async (tx) => {
      const view = await requireApp(tx, appRef);
      const rows = await tx.releases.list(view.app.id, page);
      const current = await tx.releases.current(view.app.id);
      const p = toPage(rows, page, (r) => (page.sort === 'version' ? String(r.version) : r.id));
      return { ...p, items: p.items.map((release) => ({ release, view, current: release.id === current?.id })) };
    });
  }

  /** One release of an app. */
  get(appRef: string, id: string): Promise<ReleaseView> {
    return this.uow.read(async (tx) => {
      const view = await requireApp(tx, appRef);
      const release = isUuid(id) ? await tx.releases.get(view.app.id, id.toLowerCase()) : null;
      if (!release) throw new NotFoundError(`The release ${id} was not found.`, 'release');
      const current = await tx.releases.current(view.app.id);
      return { release, view, current: release.id === current?.id };
    });
  }

  /** A slug by its id, or by the id of the build that produced it (the seed calls both "slug"). */
  private async requireSlug(tx: StoreTx, ref: string): Promise<Slug> {
    if (isUuid(ref)) {
      const id = ref.toLowerCase();
      const slug = await tx.slugs.get(id);
      if (slug) return slug;
      const build = await tx.builds.find(id);
      if (build?.slug_id) {
        const built = await tx.slugs.get(build.slug_id);
        if (built) return built;
      }
      if (build) throw new UnprocessableError(`The build ${ref} has not produced a slug (status ${build.status}).`, 'slug');
    }
    throw new NotFoundError(`The slug ${ref} was not found.`, 'slug');
  }
}
