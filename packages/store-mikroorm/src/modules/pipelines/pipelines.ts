import {
  isUuid,
  type Pipeline,
  type PipelineCoupling,
  type PipelineCouplingRepo,
  type PipelinePromotion,
  type PipelinePromotionRepo,
  type PipelineRepo,
  type PromotionTarget,
  type PromotionTargetRepo,
  type ReleaseStatusCheck,
  type ReleaseStatusRepo,
} from '@slipway/core';
import { dateIn, jsonIn, jsonOut, stampsIn, stampsOut } from '../../codec.js';
import { run, type Db } from '../../db.js';
import { findByRef } from '../../find-by-ref.js';
import { applyPage } from '../../paging.js';
import type { Row } from '../../rows.js';

/** A row as a pipeline. */
function toPipeline(r: Row): Pipeline {
  return { id: r.id as string, name: r.name as string, ...stampsOut(r) };
}

/** A row as a coupling. */
function toCoupling(r: Row): PipelineCoupling {
  return {
    id: r.id as string,
    pipeline_id: r.pipeline_id as string,
    app_id: r.app_id as string,
    stage: r.stage as PipelineCoupling['stage'],
    required_status_checks: jsonOut<string[]>(r.required_status_checks),
    ...stampsOut(r),
  };
}

/** A row as a promotion. */
function toPromotion(r: Row): PipelinePromotion {
  return {
    id: r.id as string,
    pipeline_id: r.pipeline_id as string,
    source_app_id: r.source_app_id as string,
    source_release_id: r.source_release_id as string,
    slug_id: r.slug_id as string,
    user_id: r.user_id as string,
    username: r.username as string,
    user_email: r.user_email as string,
    status: r.status as PipelinePromotion['status'],
    ...stampsOut(r),
  };
}

/** A row as a promotion target. */
function toTarget(r: Row): PromotionTarget {
  return {
    id: r.id as string,
    promotion_id: r.promotion_id as string,
    app_id: r.app_id as string,
    release_id: (r.release_id as string | null) ?? null,
    status: r.status as PromotionTarget['status'],
    error_message: r.error_message as string,
    ...stampsOut(r),
  };
}

/** A row as a release status check. */
function toStatus(r: Row): ReleaseStatusCheck {
  return {
    id: r.id as string,
    app_id: r.app_id as string,
    release_id: r.release_id as string,
    context: r.context as string,
    state: r.state as ReleaseStatusCheck['state'],
    name: r.name as string,
    description: r.description as string,
    target_url: (r.target_url as string | null) ?? null,
    image_url: (r.image_url as string | null) ?? null,
    ...stampsOut(r),
  };
}

/** PipelineRepo over one unit of work. */
export function pipelineRepo(db: Db): PipelineRepo {
  return {
    async insert(p) {
      await run(db.knex('pipelines').insert({ ...p, ...stampsIn(db.dialect, p) }));
    },
    async find(idOrName) {
      return findByRef(db, 'pipelines', idOrName, toPipeline);
    },
    async list(page) {
      const rows: Row[] = await run(applyPage(db.knex('pipelines'), page, { id: 'id', name: 'name' }));
      return rows.map(toPipeline);
    },
    async delete(id) {
      if (isUuid(id)) await run(db.knex('pipelines').where({ id }).delete());
    },
  };
}

/** PipelineCouplingRepo over one unit of work. */
export function pipelineCouplingRepo(db: Db): PipelineCouplingRepo {
  const row = (c: PipelineCoupling): Row => ({ ...c, required_status_checks: jsonIn(c.required_status_checks), ...stampsIn(db.dialect, c) });
  return {
    async insert(c) {
      await run(db.knex('pipeline_couplings').insert(row(c)));
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const rows: Row[] = await run(db.knex('pipeline_couplings').where({ id: id.toLowerCase() }).limit(1));
      return rows[0] ? toCoupling(rows[0]) : null;
    },
    async byApp(appId) {
      if (!isUuid(appId)) return null;
      const rows: Row[] = await run(db.knex('pipeline_couplings').where({ app_id: appId }).limit(1));
      return rows[0] ? toCoupling(rows[0]) : null;
    },
    async list(filter, page) {
      const qb = db.knex('pipeline_couplings');
      if (filter.pipeline_id !== undefined) qb.where({ pipeline_id: filter.pipeline_id });
      const rows: Row[] = await run(applyPage(qb, page, { id: 'id' }));
      return rows.map(toCoupling);
    },
    async atStages(pipelineId, stages) {
      if (!isUuid(pipelineId) || !stages.length) return [];
      const rows: Row[] = await run(db.knex('pipeline_couplings').where({ pipeline_id: pipelineId }).whereIn('stage', stages).orderBy([{ column: 'created_at' }, { column: 'id' }]));
      return rows.map(toCoupling);
    },
    async update(c) {
      const { id, created_at: _c, pipeline_id: _p, app_id: _a, ...changes } = row(c);
      await run(db.knex('pipeline_couplings').where({ id }).update(changes));
    },
    async delete(id) {
      if (isUuid(id)) await run(db.knex('pipeline_couplings').where({ id }).delete());
    },
    async deleteByPipeline(pipelineId) {
      if (isUuid(pipelineId)) await run(db.knex('pipeline_couplings').where({ pipeline_id: pipelineId }).delete());
    },
    async deleteByApp(appId) {
      if (isUuid(appId)) await run(db.knex('pipeline_couplings').where({ app_id: appId }).delete());
    },
  };
}

/** PipelinePromotionRepo over one unit of work. */
export function pipelinePromotionRepo(db: Db): PipelinePromotionRepo {
  return {
    async insert(p) {
      await run(db.knex('pipeline_promotions').insert({ ...p, ...stampsIn(db.dialect, p) }));
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const rows: Row[] = await run(db.knex('pipeline_promotions').where({ id: id.toLowerCase() }).limit(1));
      return rows[0] ? toPromotion(rows[0]) : null;
    },
    async list(page) {
      const rows: Row[] = await run(applyPage(db.knex('pipeline_promotions'), page, { id: 'id' }));
      return rows.map(toPromotion);
    },
    async update(p) {
      await run(db.knex('pipeline_promotions').where({ id: p.id }).update({ status: p.status, updated_at: dateIn(db.dialect, p.updated_at) }));
    },
  };
}

/** PromotionTargetRepo over one unit of work. */
export function promotionTargetRepo(db: Db): PromotionTargetRepo {
  return {
    async insert(t) {
      await run(db.knex('promotion_targets').insert({ ...t, ...stampsIn(db.dialect, t) }));
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const rows: Row[] = await run(db.knex('promotion_targets').where({ id: id.toLowerCase() }).limit(1));
      return rows[0] ? toTarget(rows[0]) : null;
    },
    async list(promotionId) {
      if (!isUuid(promotionId)) return [];
      const rows: Row[] = await run(db.knex('promotion_targets').where({ promotion_id: promotionId }).orderBy([{ column: 'created_at' }, { column: 'id' }]));
      return rows.map(toTarget);
    },
    async update(t) {
      await run(
        db.knex('promotion_targets').where({ id: t.id }).update({ release_id: t.release_id, status: t.status, error_message: t.error_message, updated_at: dateIn(db.dialect, t.updated_at) }),
      );
    },
  };
}

/** ReleaseStatusRepo over one unit of work. */
export function releaseStatusRepo(db: Db): ReleaseStatusRepo {
  return {
    async insert(s) {
      await run(db.knex('release_statuses').insert({ ...s, ...stampsIn(db.dialect, s) }));
    },
    async byContext(releaseId, context) {
      if (!isUuid(releaseId)) return null;
      const rows: Row[] = await run(db.knex('release_statuses').where({ release_id: releaseId, context }).limit(1));
      return rows[0] ? toStatus(rows[0]) : null;
    },
    async list(releaseId) {
      if (!isUuid(releaseId)) return [];
      const rows: Row[] = await run(db.knex('release_statuses').where({ release_id: releaseId }).orderBy('context'));
      return rows.map(toStatus);
    },
    async update(s) {
      const { id, created_at: _c, app_id: _a, release_id: _r, context: _x, ...changes } = { ...s, ...stampsIn(db.dialect, s) };
      await run(db.knex('release_statuses').where({ id }).update(changes));
    },
    async deleteByApp(appId) {
      if (isUuid(appId)) await run(db.knex('release_statuses').where({ app_id: appId }).delete());
    },
  };
}
