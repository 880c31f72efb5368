import {
  PromotionCreate,
  PromotionResponse,
  PromotionTargetResponse,
  ReleaseStatusCreate,
  ReleaseStatusResponse,
  ReleaseStatusesResponse,
  presentPromotion,
  presentPromotionTarget,
  presentReleaseStatus,
  presentReleaseStatuses,
} from '../schemas/pipelines.js';
import { PromotionService } from '../services/promotions.js';
import { ReleaseStatusService } from '../services/release-statuses.js';
import { AppService } from '../../foundation/services/apps.js';
import type { AppView } from '../../foundation/domain/records.js';
import type { PipelinePromotion } from '../domain/pipelines.js';
import { route } from '../../../kernel/operation.js';

/** A promotion's wire shape with its source app's name and space, when that app still exists. */
async function present(p: PipelinePromotion, apps: AppService): Promise<ReturnType<typeof presentPromotion>> {
  const source: AppView | null = await apps.get(p.source_app_id).catch(() => null);
  return presentPromotion(p, source);
}

/** /pipeline-promotions, their targets, and the status checks of releases that gate them */
export const promotionRoutes = [
  route({
    method: 'post',
    path: '/pipeline-promotions',
    summary: "Promote a source app's current release to the apps at the next stage (in the background)",
    tag: 'Pipelines',
    body: PromotionCreate,
    response: PromotionResponse,
    status: 201,
    permission: 'app:deploy',
    handler: async ({ body, principal, resolve }) => {
      const created = await resolve(PromotionService).create(principal, body);
      return presentPromotion(created.promotion, created.source);
    },
  }),
  route({
    method: 'get',
    path: '/pipeline-promotions',
    summary: 'List promotions',
    tag: 'Pipelines',
    response: PromotionResponse,
    list: ['id'],
    permission: 'pipeline:read',
    handler: async ({ page, resolve }) => {
      const p = await resolve(PromotionService).list(page);
      return { ...p, items: await Promise.all(p.items.map((x) => present(x, resolve(AppService)))) };
    },
  }),
  route({
    method: 'get',
    path: '/pipeline-promotions/:promotion',
    summary: 'Get a promotion',
    tag: 'Pipelines',
    response: PromotionResponse,
    permission: 'pipeline:read',
    handler: async ({ params, resolve }) => present(await resolve(PromotionService).get(params.promotion!), resolve(AppService)),
  }),
  route({
    method: 'get',
    path: '/pipeline-promotions/:promotion/promotion-targets',
    summary: "A promotion's targets: release, status and error of each",
    tag: 'Pipelines',
    response: PromotionTargetResponse,
    permission: 'pipeline:read',
    handler: async ({ params, resolve }) => (await resolve(PromotionService).targets(params.promotion!)).map(presentPromotionTarget),
  }),
  route({
    method: 'post',
    path: '/apps/:app/releases/:release/statuses',
    summary: 'Report the state of a status check (by context) on a release',
    tag: 'Releases',
    body: ReleaseStatusCreate,
    response: ReleaseStatusResponse,
    status: 201,
    permission: 'app:deploy',
    handler: async ({ params, body, principal, resolve }) => presentReleaseStatus(await resolve(ReleaseStatusService).report(principal, params.app!, params.release!, body)),
  }),
  route({
    method: 'get',
    path: '/apps/:app/releases/:release/statuses',
    summary: "A release's status checks and their combined state",
    tag: 'Releases',
    response: ReleaseStatusesResponse,
    permission: 'app:read',
    handler: async ({ params, resolve }) => {
      const r = await resolve(ReleaseStatusService).list(params.app!, params.release!);
      return presentReleaseStatuses(r.release.id, r.state, r.statuses);
    },
  }),
];
