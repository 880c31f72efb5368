import { ConflictError, NotFoundError } from '../../../errors.js';
import { checkPipelineName, type Pipeline, type PipelineCoupling, type Stage } from '../domain/pipelines.js';
import { newId } from '../../../kernel/ids.js';
import { isUuid, normalizeName } from '../../foundation/domain/names.js';
import { toPage, type Page, type PageRequest } from '../../../kernel/paging.js';
import type { AppView } from '../../foundation/domain/records.js';
import type { Principal } from '../../../kernel/authenticator.js';
import type { StoreTx } from '../../../kernel/store.js';
import type { AppCleanup } from '../../foundation/services/apps.js';
import { eventSubject, requireApp } from '../../foundation/services/resolve.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import '../events.js';

/** A coupling with what its wire shape names: the pipeline and the app (null once the app is gone). */
export interface CouplingView {
  coupling: PipelineCoupling;
  pipeline: Pipeline;
  view: AppView | null;
}

/** Loads a pipeline by id or name or throws NotFoundError naming `field`. */
export async function requirePipeline(tx: StoreTx, ref: string, field = 'pipeline'): Promise<Pipeline> {
  const p = await tx.pipelines.find(isUuid(ref) ? ref.toLowerCase() : normalizeName(ref));
  if (!p) throw new NotFoundError(`The pipeline ${ref} was not found.`, field);
  return p;
}

/** Joins a coupling with its pipeline and app. */
export async function couplingView(tx: StoreTx, coupling: PipelineCoupling, pipeline?: Pipeline): Promise<CouplingView> {
  const p = pipeline ?? (await tx.pipelines.find(coupling.pipeline_id));
  if (!p) throw new NotFoundError(`The pipeline of coupling ${coupling.id} was not found.`, 'pipeline');
  return { coupling, pipeline: p, view: await tx.apps.find({ id: coupling.app_id }) };
}

/** Removes an app's coupling when the app is deleted (its promotions stay as history). */
export const removeAppCoupling: AppCleanup = async (tx, view) => {
  await tx.pipelineCouplings.deleteByApp(view.app.id);
  await tx.releaseStatuses.deleteByApp(view.app.id);
};

/** Pipelines and the couplings of apps to them. */
export class PipelineService {
  constructor(private readonly uow: UnitOfWork) {}

  /** Creates a pipeline; 409 when the name is taken. */
  create(actor: Principal, input: { name: string }): Promise<Pipeline> {
    const name = checkPipelineName(input.name);
    return this.uow.run(actor, async (tx, events) => {
      if (await tx.pipelines.find(name)) throw new ConflictError(`The pipeline ${name} already exists.`, 'name');
      const now = new Date();
      const pipeline: Pipeline = { id: newId(), name, created_at: now, updated_at: now };
      await tx.pipelines.insert(pipeline);
      await events.emit('pipeline_create', { pipeline: { id: pipeline.id, name } });
      return pipeline;
    });
  }

  /** A page of pipelines. */
  async list(page: PageRequest): Promise<Page<Pipeline>> {
    const rows = await this.uow.read((tx) => tx.pipelines.list(page));
    return toPage(rows, page, (p) => (page.sort === 'name' ? p.name : p.id));
  }

  /** One pipeline by id or name. */
  get(ref: string): Promise<Pipeline> {
    return this.uow.read((tx) => requirePipeline(tx, ref));
  }

  /** Removes a pipeline and all of its couplings. */
  delete(actor: Principal, ref: string): Promise<Pipeline> {
    return this.uow.run(actor, async (tx, events) => {
      const pipeline = await requirePipeline(tx, ref);
      await tx.pipelineCouplings.deleteByPipeline(pipeline.id);
      await tx.pipelines.delete(pipeline.id);
      await events.emit('pipeline_delete', { pipeline: { id: pipeline.id, name: pipeline.name } });
      return pipeline;
    });
  }

  /** Couples an app to a pipeline at a stage; 409 when the app already is in a pipeline (one of racing callers wins). */
  async couple(actor: Principal, input: { app: string; pipeline: string; stage: Stage; required_status_checks?: { contexts: string[] } }): Promise<CouplingView> {
    try {
      return await this.uow.run(actor, async (tx, events) => {
        const view = await requireApp(tx, input.app);
        const pipeline = await requirePipeline(tx, input.pipeline);
        if (await tx.pipelineCouplings.byApp(view.app.id)) throw new ConflictError(`The app ${view.app.name}-${view.space.name} already is in a pipeline.`, 'app');
        const now = new Date();
        const coupling: PipelineCoupling = {
          id: newId(),
          pipeline_id: pipeline.id,
          app_id: view.app.id,
          stage: input.stage,
          required_status_checks: [...new Set(input.required_status_checks?.contexts ?? [])],
          created_at: now,
          updated_at: now,
        };
        await tx.pipelineCouplings.insert(coupling);
        await events.emit('pipeline_coupling_create', { ...eventSubject(view), pipeline: { id: pipeline.id, name: pipeline.name }, stage: coupling.stage }, view.app.id);
        return { coupling, pipeline, view };
      });
    } catch (err) {
      // The unique index on app_id decides a race the read above could not see.
      if (err instanceof ConflictError && err.field !== 'app') throw new ConflictError(`The app ${input.app} already is in a pipeline.`, 'app');
      throw err;
    }
  }

  /** Changes a coupling's stage or required status checks. */
  update(actor: Principal, id: string, input: { stage?: Stage; required_status_checks?: { contexts: string[] } }): Promise<CouplingView> {
    return this.uow.run(actor, async (tx, events) => {
      const found = await this.requireCoupling(tx, id);
      const next: PipelineCoupling = {
        ...found,
        ...(input.stage ? { stage: input.stage } : {}),
        ...(input.required_status_checks ? { required_status_checks: [...new Set(input.required_status_checks.contexts)] } : {}),
        updated_at: new Date(),
      };
      await tx.pipelineCouplings.update(next);
      const v = await couplingView(tx, next);
      await events.emit(
        'pipeline_coupling_update',
        { ...(v.view ? eventSubject(v.view) : {}), pipeline: { id: v.pipeline.id, name: v.pipeline.name }, stage: next.stage, required_status_checks: next.required_status_checks },
        next.app_id,
      );
      return v;
    });
  }

  /** A page of couplings, all or of one pipeline. */
  async listCouplings(pipelineRef: string | undefined, page: PageRequest): Promise<Page<CouplingView>> {
    return this.uow.read(async (tx) => {
      const pipeline = pipelineRef === undefined ? undefined : await requirePipeline(tx, pipelineRef);
      const rows = await tx.pipelineCouplings.list(pipeline ? { pipeline_id: pipeline.id } : {}, page);
      const p = toPage(rows, page, (c) => c.id);
      const items: CouplingView[] = [];
      for (const c of p.items) items.push(await couplingView(tx, c, pipeline));
      return { ...p, items };
    });
  }

  /** One coupling by id. */
  getCoupling(id: string): Promise<CouplingView> {
    return this.uow.read(async (tx) => couplingView(tx, await this.requireCoupling(tx, id)));
  }

  /** The coupling of an app; 404 when it is in no pipeline. */
  couplingOfApp(appRef: string): Promise<CouplingView> {
    return this.uow.read(async (tx) => {
      const view = await requireApp(tx, appRef);
      const c = await tx.pipelineCouplings.byApp(view.app.id);
      if (!c) throw new NotFoundError(`The app ${appRef} is in no pipeline.`, 'app');
      return couplingView(tx, c);
    });
  }

  /** Removes an app from its pipeline. */
  uncouple(actor: Principal, id: string): Promise<CouplingView> {
    return this.uow.run(actor, async (tx, events) => {
      const v = await couplingView(tx, await this.requireCoupling(tx, id));
      await tx.pipelineCouplings.delete(v.coupling.id);
      await events.emit('pipeline_coupling_delete', { ...(v.view ? eventSubject(v.view) : {}), pipeline: { id: v.pipeline.id, name: v.pipeline.name }, stage: v.coupling.stage }, v.coupling.app_id);
      return v;
    });
  }

  private async requireCoupling(tx: StoreTx, id: string): Promise<PipelineCoupling> {
    const c = isUuid(id) ? await tx.pipelineCouplings.get(id.toLowerCase()) : null;
    if (!c) throw new NotFoundError(`The pipeline coupling ${id} was not found.`, 'pipeline_coupling');
    return c;
  }
}
