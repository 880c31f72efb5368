import type { Pipeline, PipelineCoupling, PipelinePromotion, PromotionTarget, ReleaseStatusCheck, Stage } from './domain/pipelines.js';
import type { PageRequest } from '../../kernel/paging.js';

declare module '../../kernel/store.js' {
  /** The pipelines module's repositories, present in every unit of work. */
  interface StoreTx {
    pipelines: PipelineRepo;
    pipelineCouplings: PipelineCouplingRepo;
    pipelinePromotions: PipelinePromotionRepo;
    promotionTargets: PromotionTargetRepo;
    releaseStatuses: ReleaseStatusRepo;
  }
}

/** Pipelines by id and unique name. */
export interface PipelineRepo {
  /** Inserts; ConflictError when the name is taken. */
  insert(pipeline: Pipeline): Promise<void>;
  /** By id or (lowercase) name. */
  find(idOrName: string): Promise<Pipeline | null>;
  /** A page of pipelines, ordered by `page.sort` (`id` or `name`). */
  list(page: PageRequest): Promise<Pipeline[]>;
  /** Removes a pipeline (its couplings are removed by the caller). */
  delete(id: string): Promise<void>;
}

/** Couplings of apps to pipelines; unique per app. */
export interface PipelineCouplingRepo {
  /** Inserts; ConflictError when the app is already coupled (to any pipeline). */
  insert(coupling: PipelineCoupling): Promise<void>;
  /** One coupling by id. */
  get(id: string): Promise<PipelineCoupling | null>;
  /** The coupling of an app, if it has one. */
  byApp(appId: string): Promise<PipelineCoupling | null>;
  /** A page of couplings, of one pipeline when given, ordered by `page.sort` (`id`). */
  list(filter: { pipeline_id?: string }, page: PageRequest): Promise<PipelineCoupling[]>;
  /** Every coupling of a pipeline at the given stages, oldest first. */
  atStages(pipelineId: string, stages: Stage[]): Promise<PipelineCoupling[]>;
  /** Overwrites a coupling's stage and required checks. */
  update(coupling: PipelineCoupling): Promise<void>;
  /** Removes one coupling. */
  delete(id: string): Promise<void>;
  /** Removes every coupling of a pipeline. */
  deleteByPipeline(pipelineId: string): Promise<void>;
  /** Removes the coupling of an app. */
  deleteByApp(appId: string): Promise<void>;
}

/** Promotions (kept as history after their apps or pipeline are gone). */
export interface PipelinePromotionRepo {
  /** Inserts a promotion. */
  insert(promotion: PipelinePromotion): Promise<void>;
  /** One promotion by id. */
  get(id: string): Promise<PipelinePromotion | null>;
  /** A page of promotions, ordered by `page.sort` (`id`). */
  list(page: PageRequest): Promise<PipelinePromotion[]>;
  /** Overwrites a promotion's status. */
  update(promotion: PipelinePromotion): Promise<void>;
}

/** The targets of promotions. */
export interface PromotionTargetRepo {
  /** Inserts a target. */
  insert(target: PromotionTarget): Promise<void>;
  /** One target by id. */
  get(id: string): Promise<PromotionTarget | null>;
  /** Every target of a promotion, oldest first. */
  list(promotionId: string): Promise<PromotionTarget[]>;
  /** Overwrites a target's release, status and error. */
  update(target: PromotionTarget): Promise<void>;
}

/** Status checks reported on releases, one per release and context. */
export interface ReleaseStatusRepo {
  /** Inserts; ConflictError when the release already has a check of this context. */
  insert(status: ReleaseStatusCheck): Promise<void>;
  /** The check of one context on a release. */
  byContext(releaseId: string, context: string): Promise<ReleaseStatusCheck | null>;
  /** Every check of a release, ordered by context. */
  list(releaseId: string): Promise<ReleaseStatusCheck[]>;
  /** Overwrites a check's state and details. */
  update(status: ReleaseStatusCheck): Promise<void>;
  /** Removes every check of an app's releases. */
  deleteByApp(appId: string): Promise<void>;
}
