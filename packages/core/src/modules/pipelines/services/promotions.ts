import { ConflictError, NotFoundError, UnprocessableError } from '../../../errors.js';
import { nextStage, promotionDifferences, unmetChecks, upstreamStages, type PipelineCoupling, type PipelinePromotion, type PromotionSide, type PromotionTarget } from '../domain/pipelines.js';
import { newId } from '../../../kernel/ids.js';
import { isUuid } from '../../foundation/domain/names.js';
import { toPage, type Page, type PageRequest } from '../../../kernel/paging.js';
import type { AppView } from '../../foundation/domain/records.js';
import type { Principal } from '../../../kernel/authenticator.js';
import type { Store, StoreTx } from '../../../kernel/store.js';
import { composeConfig, type ConfigSource } from '../../foundation/services/config-sources.js';
import { createRelease, type ReleaseGuard } from '../../deploys/services/releases.js';
import { appJobKey, DEPLOY_APP } from '../../deploys/services/deploys.js';
import { enqueueJob, type JobHandler, type JobOutcome } from '../../../kernel/jobs.js';
import { eventSubject, requireApp } from '../../foundation/services/resolve.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import { requirePipeline } from './pipelines.js';
import '../events.js';

/** The job kind that releases a promotion on its targets. */
export const PROMOTE = 'pipeline.promote';

/** Promotion settings. */
export interface PromotionOptions {
  /** Sources of read-only config (addon credentials), compared by safe promotions. */
  configSources: ConfigSource[];
  /** True when a runtime runs releases: a target then succeeds once its release rolled out, not when it is recorded. */
  waitForRollout: boolean;
  /** How often a promotion looks at its targets' rollouts (default 1 s). */
  pollMs?: number;
}

/** What POST /pipeline-promotions takes. */
export interface PromotionInput {
  pipeline: { id?: string | undefined; name?: string | undefined };
  /** The Akkeris CLI names a chosen release inside `source.app` (plugins/pipelines/index.js, promote). */
  source: { app: { id: string; release?: { id: string } | undefined }; release?: { id: string } | undefined };
  targets?: Array<{ app: { id: string } }> | undefined;
  safe?: boolean | undefined;
}

/**
 * Refuses direct releases to an app coupled at staging or production while its pipeline has an upstream stage:
 * code reaches it only by promotion (which writes its releases without this guard).
 */
export const downstreamReleaseGuard: ReleaseGuard = async (tx, view) => {
  const coupling = await tx.pipelineCouplings.byApp(view.app.id);
  if (!coupling || (coupling.stage !== 'staging' && coupling.stage !== 'production')) return;
  const upstream = await tx.pipelineCouplings.atStages(coupling.pipeline_id, upstreamStages(coupling.stage));
  if (!upstream.length) return;
  throw new UnprocessableError(
    `The app ${view.app.name}-${view.space.name} is coupled at ${coupling.stage} downstream in a pipeline; releases to it are not allowed, promote to it instead.`,
    'app',
  );
};

/** The config keys and addon services of an app, for the safe-promotion comparison. */
async function side(tx: StoreTx, view: AppView, sources: ConfigSource[]): Promise<PromotionSide> {
  const config = await composeConfig(tx, view, sources);
  const services: string[] = [];
  for (const a of await tx.addonAttachments.byApp(view.app.id)) {
    const addon = await tx.addons.find(a.addon_id);
    services.push(addon?.service_name ?? a.service_id);
  }
  return { key: `${view.app.name}-${view.space.name}`, configKeys: Object.keys(config), services };
}

/** Promotions: release a source app's current slug on the apps at the next stage, as a durable job. */
export class PromotionService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly options: PromotionOptions,
  ) {}

  /** Checks and records a promotion and its targets, and enqueues the job that releases them. */
  create(actor: Principal, input: PromotionInput): Promise<{ promotion: PipelinePromotion; targets: PromotionTarget[]; source: AppView }> {
    return this.uow.run(actor, async (tx, events) => {
      const pipeline = await requirePipeline(tx, input.pipeline.id ?? input.pipeline.name!, 'pipeline.id');
      const source = await requireApp(tx, input.source.app.id, 'source.app.id');
      const coupling = await tx.pipelineCouplings.byApp(source.app.id);
      if (!coupling || coupling.pipeline_id !== pipeline.id) throw new UnprocessableError(`The app ${source.app.name}-${source.space.name} is not in the pipeline ${pipeline.name}.`, 'source.app.id');
      const stage = nextStage(coupling.stage);
      if (!stage) throw new UnprocessableError(`The app ${source.app.name}-${source.space.name} is at ${coupling.stage}, which has no next stage to promote to.`, 'source.app.id');
      const next = await tx.pipelineCouplings.atStages(pipeline.id, [stage]);
      const targets = await this.pickTargets(tx, next, input.targets, stage);
      const chosen = input.source.release ?? input.source.app.release;
      const release = chosen
        ? isUuid(chosen.id) ? await tx.releases.get(source.app.id, chosen.id.toLowerCase()) : null
        : await tx.releases.current(source.app.id);
      if (!release) {
        if (chosen) throw new NotFoundError(`The release ${chosen.id} of the source app was not found.`, 'source.release.id');
        throw new UnprocessableError(`The app ${source.app.name}-${source.space.name} has no release to promote.`, 'source.app.id');
      }
      const slug = await tx.slugs.get(release.slug_id);
      if (!slug) throw new UnprocessableError(`The slug of release v${release.version} is gone; it cannot be promoted.`, 'source.release.id');
      const statuses = await tx.releaseStatuses.list(release.id);
      const views: AppView[] = [];
      for (const t of targets) {
        const view = await tx.apps.find({ id: t.app_id });
        if (!view) throw new NotFoundError(`The target app ${t.app_id} was not found.`, 'targets');
        const unmet = unmetChecks(t.required_status_checks, statuses);
        if (unmet.length) throw new ConflictError(`The release v${release.version} has not passed the status checks ${view.app.name}-${view.space.name} requires: ${unmet.join(', ')}.`, 'targets');
        views.push(view);
      }
      if (input.safe) {
        const from = await side(tx, source, this.options.configSources);
        const reasons: string[] = [];
        for (const v of views) reasons.push(...promotionDifferences(from, await side(tx, v, this.options.configSources)));
        if (reasons.length) throw new UnprocessableError(`Safe promotion was specified and this promotion has been deemed unsafe. Reasons: ${reasons.join(' ')}`, 'safe');
      }
      const now = new Date();
      const promotion: PipelinePromotion = {
        id: newId(),
        pipeline_id: pipeline.id,
        source_app_id: source.app.id,
        source_release_id: release.id,
        slug_id: slug.id,
        user_id: actor.id,
        username: actor.username,
        user_email: actor.email,
        status: 'pending',
        created_at: now,
        updated_at: now,
      };
      await tx.pipelinePromotions.insert(promotion);
      const rows: PromotionTarget[] = views.map((v) => ({ id: newId(), promotion_id: promotion.id, app_id: v.app.id, release_id: null, status: 'pending', error_message: '', created_at: now, updated_at: now }));
      for (const r of rows) await tx.promotionTargets.insert(r);
      await enqueueJob(tx, PROMOTE, `promotion:${promotion.id}`, { promotion_id: promotion.id });
      await events.emit(
        'pipeline_promotion_create',
        { ...eventSubject(source), pipeline: { id: pipeline.id, name: pipeline.name }, promotion: { id: promotion.id, release: { id: release.id, version: release.version } }, targets: views.map((v) => ({ id: v.app.id, name: `${v.app.name}-${v.space.name}` })) },
        source.app.id,
      );
      return { promotion, targets: rows, source };
    });
  }

  /** A page of promotions. */
  async list(page: PageRequest): Promise<Page<PipelinePromotion>> {
    const rows = await this.uow.read((tx) => tx.pipelinePromotions.list(page));
    return toPage(rows, page, (p) => p.id);
  }

  /** One promotion. */
  get(id: string): Promise<PipelinePromotion> {
    return this.uow.read((tx) => requirePromotion(tx, id));
  }

  /** The targets of a promotion with their status, release and error. */
  targets(id: string): Promise<PromotionTarget[]> {
    return this.uow.read(async (tx) => tx.promotionTargets.list((await requirePromotion(tx, id)).id));
  }

  /** The couplings at the next stage the caller names (all of them when it names none). */
  private async pickTargets(tx: StoreTx, next: PipelineCoupling[], asked: PromotionInput['targets'], stage: string): Promise<PipelineCoupling[]> {
    if (!asked?.length) {
      if (!next.length) throw new UnprocessableError(`No app is coupled at ${stage}, the next stage of the source app.`, 'targets');
      return next;
    }
    const picked: PipelineCoupling[] = [];
    for (const t of asked) {
      const view = await requireApp(tx, t.app.id, 'targets');
      const c = next.find((x) => x.app_id === view.app.id);
      if (!c) throw new UnprocessableError(`The target ${t.app.id} is not coupled at ${stage}, the next stage of the source app in this pipeline.`, 'targets');
      if (!picked.includes(c)) picked.push(c);
    }
    return picked;
  }
}

/** Loads a promotion or throws NotFoundError. */
async function requirePromotion(tx: StoreTx, id: string): Promise<PipelinePromotion> {
  const p = isUuid(id) ? await tx.pipelinePromotions.get(id.toLowerCase()) : null;
  if (!p) throw new NotFoundError(`The pipeline promotion ${id} was not found.`, 'pipeline_promotion');
  return p;
}

/** Longest a target waits for its rollout before the promotion reports it failed. */
const ROLLOUT_TIMEOUT_MS = 30 * 60_000;

/**
 * Releases a promotion's slug on each pending target, one transaction per target that writes the release and
 * records its id on the target together (a re-run after a crash skips targets already released). With a runtime
 * it then waits for each release to roll out (or its deploy job to fail) before settling the promotion.
 */
export function promotionHandler(store: Store, uow: UnitOfWork, options: PromotionOptions): JobHandler {
  return {
    kind: PROMOTE,
    async run(job): Promise<JobOutcome> {
      const id = String(job.payload.promotion_id);
      const promotion = await store.read((tx) => tx.pipelinePromotions.get(id));
      if (!promotion || promotion.status !== 'pending') return { status: 'succeeded' };
      const actor: Principal = { id: promotion.user_id, username: promotion.username, email: promotion.user_email, roles: [] };
      for (const target of await store.read((tx) => tx.promotionTargets.list(id))) {
        if (target.release_id || target.status !== 'pending') continue;
        await uow.run(actor, async (tx, events) => {
          const t = await tx.promotionTargets.get(target.id);
          if (!t || t.release_id || t.status !== 'pending') return;
          const now = new Date();
          const source = await tx.apps.find({ id: promotion.source_app_id });
          const view = await tx.apps.find({ id: t.app_id });
          const slug = await tx.slugs.get(promotion.slug_id);
          if (!view || !slug) {
            await tx.promotionTargets.update({ ...t, status: 'failed', error_message: !view ? 'The target app was deleted.' : 'The promoted slug is gone.', updated_at: now });
            return;
          }
          const from = source ? `${source.app.name}-${source.space.name}` : promotion.source_app_id;
          const release = await createRelease(tx, view, slug, `Promotion from ${from}`, actor, events);
          await tx.promotionTargets.update({ ...t, release_id: release.id, status: options.waitForRollout ? 'pending' : 'successful', updated_at: now });
        });
      }
      if (options.waitForRollout && !(await settleRollouts(store, id))) {
        return { status: 'retry', at: new Date(Date.now() + (options.pollMs ?? 1000)), error: 'waiting for the targets to roll out' };
      }
      await uow.run(actor, async (tx, events) => {
        const p = await tx.pipelinePromotions.get(id);
        if (!p || p.status !== 'pending') return;
        const targets = await tx.promotionTargets.list(id);
        const status = targets.every((t) => t.status === 'successful') ? 'successful' : 'failed';
        await tx.pipelinePromotions.update({ ...p, status, updated_at: new Date() });
        const source = await tx.apps.find({ id: p.source_app_id });
        await events.emit('pipeline_promotion_update', { ...(source ? eventSubject(source) : {}), promotion: { id: p.id, status } }, p.source_app_id);
      });
      return { status: 'succeeded' };
    },
  };
}

/** Marks released targets successful and those whose deploy failed (or was superseded) failed; true when none is left pending. */
async function settleRollouts(store: Store, promotionId: string): Promise<boolean> {
  return store.transaction(async (tx) => {
    let pending = 0;
    for (const t of await tx.promotionTargets.list(promotionId)) {
      if (t.status !== 'pending' || !t.release_id) continue;
      const release = await tx.releases.get(t.app_id, t.release_id);
      const current = await tx.releases.current(t.app_id);
      const now = new Date();
      if (release?.released_at) {
        await tx.promotionTargets.update({ ...t, status: 'successful', updated_at: now });
        continue;
      }
      const deploys = await tx.jobs.byKey(DEPLOY_APP, appJobKey(t.app_id));
      const last = deploys.at(-1);
      const error = !release || current?.id !== release.id
        ? 'The release was superseded (or removed) before it rolled out.'
        : last?.state === 'failed' && last.created_at >= release.created_at
          ? `The rollout failed: ${last.last_error ?? 'unknown error'}`
          : now.getTime() - t.updated_at.getTime() > ROLLOUT_TIMEOUT_MS
            ? 'The rollout did not complete in time.'
            : null;
      if (error) await tx.promotionTargets.update({ ...t, status: 'failed', error_message: error, updated_at: now });
      else pending++;
    }
    return pending === 0;
  });
}
