import { z } from 'zod';
import { STAGES, STATUS_STATES, type Pipeline, type PipelineCoupling, type PipelinePromotion, type PromotionTarget, type ReleaseStatusCheck, type StatusState } from '../domain/pipelines.js';
import type { AppView } from '../../foundation/domain/records.js';
import { Instant, requiredString } from '../../../kernel/schemas.js';

const Stage = z.enum(STAGES, { error: `stage must be one of ${STAGES.join(', ')}` });
const Ref = (field: string) => z.object({ id: requiredString(`${field}.id`).max(100) }, { error: `${field} must be an object with an id` });
const RequiredChecks = z.object(
  { contexts: z.array(z.string({ error: 'contexts must be strings' }).min(1).max(255), { error: 'required_status_checks.contexts must be an array of strings' }).max(50) },
  { error: 'required_status_checks must be an object with contexts' },
);

/** POST /pipelines body. */
export const PipelineCreate = z.object({ name: requiredString('name').max(100), description: z.string().max(1000).optional() });

/** POST /pipeline-couplings body. */
export const CouplingCreate = z.object({
  app: requiredString('app').max(200),
  pipeline: requiredString('pipeline').max(100),
  stage: Stage,
  required_status_checks: RequiredChecks.optional(),
});

/** PATCH /pipeline-couplings/{id} body: a new stage and/or required checks. */
export const CouplingUpdate = z.object({ stage: Stage.optional(), required_status_checks: RequiredChecks.optional() });

/** POST /pipeline-promotions body; without targets every app coupled at the next stage is a target. */
export const PromotionCreate = z.object({
  pipeline: z.object({ id: z.string().min(1).max(100).optional(), name: z.string().min(1).max(100).optional() }, { error: 'pipeline must be an object with an id' }).refine((p) => p.id ?? p.name, { message: 'pipeline.id is required', path: ['id'] }),
  source: z.object({ app: Ref('source.app').extend({ release: Ref('source.app.release').optional() }), release: Ref('source.release').optional() }, { error: 'source must be an object with an app' }),
  targets: z.array(z.object({ app: Ref('targets[].app') }, { error: 'each target must be an object with an app' }), { error: 'targets must be an array' }).max(100).optional(),
  // The Akkeris CLI sends the string "true" (plugins/pipelines/index.js, promote).
  safe: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean({ error: 'safe must be a boolean' })).optional(),
});

/** POST /apps/{app}/releases/{release}/statuses body: a check's state, keyed by its context. */
export const ReleaseStatusCreate = z.object({
  state: z.enum(STATUS_STATES, { error: `state must be one of ${STATUS_STATES.join(', ')}` }),
  context: requiredString('context').max(255),
  name: z.string({ error: 'name must be a string' }).max(255).optional(),
  description: z.string({ error: 'description must be a string' }).max(1000).optional(),
  target_url: z.url({ error: 'target_url must be a URL' }).max(2048).optional(),
  image_url: z.url({ error: 'image_url must be a URL' }).max(2048).optional(),
});

/** A pipeline as the API shows it. */
export const PipelineResponse = z.object({ created_at: Instant, id: z.string(), name: z.string(), updated_at: Instant }).meta({ id: 'Pipeline' });

/** A coupling as the API shows it: `app.name` is the `{app}-{space}` key. */
export const CouplingResponse = z
  .object({
    app: z.object({ id: z.string(), name: z.string().nullable() }),
    created_at: Instant,
    id: z.string(),
    pipeline: z.object({ id: z.string(), name: z.string() }),
    stage: z.string(),
    required_status_checks: z.object({ contexts: z.array(z.string()) }),
    updated_at: Instant,
  })
  .meta({ id: 'PipelineCoupling' });

/** A promotion as the API shows it. */
export const PromotionResponse = z
  .object({
    created_at: Instant,
    id: z.string(),
    pipeline: z.object({ id: z.string() }),
    source: z.object({
      // name (without the space) and space: beyond the seed, read by the Akkeris CLI after promoting
      // (plugins/pipelines/index.js, promote); present when the source app still exists.
      app: z.object({ id: z.string(), name: z.string().optional() }),
      space: z.object({ name: z.string() }).optional(),
      release: z.object({ id: z.string() }),
    }),
    status: z.string(),
    updated_at: Instant,
  })
  .meta({ id: 'PipelinePromotion' });

/** A promotion target as the API shows it. */
export const PromotionTargetResponse = z
  .object({
    app: z.object({ id: z.string() }),
    error_message: z.string(),
    id: z.string(),
    pipeline_promotion: z.object({ id: z.string() }),
    release: z.object({ id: z.string().nullable() }),
    status: z.string(),
  })
  .meta({ id: 'PipelinePromotionTarget' });

/** A release status check as the API shows it. */
export const ReleaseStatusResponse = z
  .object({
    id: z.string(),
    context: z.string(),
    state: z.string(),
    name: z.string(),
    description: z.string(),
    target_url: z.string().nullable(),
    image_url: z.string().nullable(),
    release: z.object({ id: z.string() }),
    created_at: Instant,
    updated_at: Instant,
  })
  .meta({ id: 'ReleaseStatusCheck' });

/** Every check of a release with their combined state. */
export const ReleaseStatusesResponse = z.object({ state: z.string(), release: z.object({ id: z.string() }), statuses: z.array(ReleaseStatusResponse) }).meta({ id: 'ReleaseStatuses' });

/** Wire shape of a pipeline. */
export function presentPipeline(p: Pipeline): z.infer<typeof PipelineResponse> {
  return { created_at: p.created_at.toISOString(), id: p.id, name: p.name, updated_at: p.updated_at.toISOString() };
}

/** Wire shape of a coupling (an app deleted meanwhile has no name). */
export function presentCoupling(c: PipelineCoupling, pipeline: Pipeline, view: AppView | null): z.infer<typeof CouplingResponse> {
  return {
    app: { id: c.app_id, name: view ? `${view.app.name}-${view.space.name}` : null },
    created_at: c.created_at.toISOString(),
    id: c.id,
    pipeline: { id: pipeline.id, name: pipeline.name },
    stage: c.stage,
    required_status_checks: { contexts: c.required_status_checks },
    updated_at: c.updated_at.toISOString(),
  };
}

/** Wire shape of a promotion; with the source app's view its name and space are shown too. */
export function presentPromotion(p: PipelinePromotion, source?: AppView | null): z.infer<typeof PromotionResponse> {
  return {
    created_at: p.created_at.toISOString(),
    id: p.id,
    pipeline: { id: p.pipeline_id },
    source: {
      app: source ? { id: p.source_app_id, name: source.app.name } : { id: p.source_app_id },
      ...(source ? { space: { name: source.space.name } } : {}),
      release: { id: p.source_release_id },
    },
    status: p.status,
    updated_at: p.updated_at.toISOString(),
  };
}

/** Wire shape of a promotion target. */
export function presentPromotionTarget(t: PromotionTarget): z.infer<typeof PromotionTargetResponse> {
  return { app: { id: t.app_id }, error_message: t.error_message, id: t.id, pipeline_promotion: { id: t.promotion_id }, release: { id: t.release_id }, status: t.status };
}

/** Wire shape of a release status check. */
export function presentReleaseStatus(s: ReleaseStatusCheck): z.infer<typeof ReleaseStatusResponse> {
  return {
    id: s.id,
    context: s.context,
    state: s.state,
    name: s.name,
    description: s.description,
    target_url: s.target_url,
    image_url: s.image_url,
    release: { id: s.release_id },
    created_at: s.created_at.toISOString(),
    updated_at: s.updated_at.toISOString(),
  };
}

/** Wire shape of a release's checks. */
export function presentReleaseStatuses(releaseId: string, state: StatusState, statuses: ReleaseStatusCheck[]): z.infer<typeof ReleaseStatusesResponse> {
  return { state, release: { id: releaseId }, statuses: statuses.map(presentReleaseStatus) };
}
