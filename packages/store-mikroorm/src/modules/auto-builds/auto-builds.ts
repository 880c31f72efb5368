import { randomUUID } from 'node:crypto';
import type { AutoBuild, AutoBuildRepo, Preview, PreviewRepo, SourceDeliveryRepo } from '@slipway/core';
import { boolOut, dateIn, dateOut } from '../../codec.js';
import { affected, run, type Db } from '../../db.js';
import type { Row } from '../../rows.js';

/** A row as an auto build. */
function toAutoBuild(r: Row): AutoBuild {
  return {
    id: r.id as string,
    app_id: r.app_id as string,
    repo: r.repo as string,
    repo_key: r.repo_key as string,
    site: r.site as string,
    branch: r.branch as string,
    auto_deploy: boolOut(r.auto_deploy),
    status_check: boolOut(r.status_check),
    username: r.username as string,
    hook_id: r.hook_id as string,
    secret: r.secret as string,
    created_at: dateOut(r.created_at),
    updated_at: dateOut(r.updated_at),
  };
}

/** A row as a preview. */
function toPreview(r: Row): Preview {
  return {
    id: r.id as string,
    app_id: r.app_id as string,
    source_app_id: r.source_app_id as string,
    pull_request: Number(r.pull_request),
    branch: r.branch as string,
    app_setup_id: (r.app_setup_id as string | null) ?? null,
    created_at: dateOut(r.created_at),
    updated_at: dateOut(r.updated_at),
  };
}

/** AutoBuildRepo over one unit of work. */
export function autoBuildRepo(db: Db): AutoBuildRepo {
  return {
    async get(appId) {
      const rows: Row[] = await run(db.knex('auto_builds').where({ app_id: appId }).limit(1));
      return rows[0] ? toAutoBuild(rows[0]) : null;
    },
    async put(ab) {
      const row = { ...ab, created_at: dateIn(db.dialect, ab.created_at), updated_at: dateIn(db.dialect, ab.updated_at) };
      await run(db.knex('auto_builds').insert(row).onConflict('app_id').merge(['repo', 'repo_key', 'site', 'branch', 'auto_deploy', 'status_check', 'username', 'hook_id', 'secret', 'updated_at']));
    },
    async delete(appId) {
      return (await affected(db.knex('auto_builds').where({ app_id: appId }).delete())) > 0;
    },
  };
}

/** SourceDeliveryRepo over one unit of work. */
export function sourceDeliveryRepo(db: Db): SourceDeliveryRepo {
  return {
    async remember(appId, deliveryId, at) {
      // ON CONFLICT DO NOTHING keeps the transaction alive on PostgreSQL; the token tells whose insert won.
      const token = randomUUID();
      await run(db.knex('source_deliveries').insert({ app_id: appId, delivery_id: deliveryId, token, created_at: dateIn(db.dialect, at) }).onConflict(['app_id', 'delivery_id']).ignore());
      const rows: Array<{ token: string }> = await run(db.knex('source_deliveries').where({ app_id: appId, delivery_id: deliveryId }).select('token'));
      return rows[0]?.token === token;
    },
    async forgetApp(appId) {
      await run(db.knex('source_deliveries').where({ app_id: appId }).delete());
    },
  };
}

/** PreviewRepo over one unit of work. */
export function previewRepo(db: Db): PreviewRepo {
  return {
    async insert(p) {
      await run(db.knex('previews').insert({ ...p, created_at: dateIn(db.dialect, p.created_at), updated_at: dateIn(db.dialect, p.updated_at) }));
    },
    async list(sourceAppId) {
      const rows: Row[] = await run(db.knex('previews').where({ source_app_id: sourceAppId }).orderBy([{ column: 'created_at' }, { column: 'id' }]));
      return rows.map(toPreview);
    },
    async findByPullRequest(sourceAppId, pullRequest) {
      const rows: Row[] = await run(db.knex('previews').where({ source_app_id: sourceAppId, pull_request: pullRequest }).limit(1));
      return rows[0] ? toPreview(rows[0]) : null;
    },
    async findByApp(appId) {
      const rows: Row[] = await run(db.knex('previews').where({ app_id: appId }).limit(1));
      return rows[0] ? toPreview(rows[0]) : null;
    },
    async byApps(appIds) {
      if (!appIds.length) return [];
      const rows: Row[] = await run(db.knex('previews').whereIn('app_id', appIds));
      return rows.map(toPreview);
    },
    async delete(id) {
      await run(db.knex('previews').where({ id }).delete());
    },
  };
}
