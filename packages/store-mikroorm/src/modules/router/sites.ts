import { isUuid, type Site, type SiteRepo, type SiteRoute, type SiteRouteRepo } from '@slipway/core';
import { boolOut, dateIn, stampsOut } from '../../codec.js';
import { run, type Db } from '../../db.js';
import { findByRef } from '../../find-by-ref.js';
import { applyPage } from '../../paging.js';
import type { Row } from '../../rows.js';

/** A row as a site. */
function toSite(r: Row): Site {
  return {
    id: r.id as string,
    domain: r.domain as string,
    region: r.region as string,
    internal: boolOut(r.internal),
    ...stampsOut(r),
  };
}

/** A row as a route. */
function toRoute(r: Row): SiteRoute {
  return {
    id: r.id as string,
    site_id: r.site_id as string,
    app_id: r.app_id as string,
    source_path: r.source_path as string,
    target_path: r.target_path as string,
    ...stampsOut(r),
  };
}

/** SiteRepo over one unit of work. */
export function siteRepo(db: Db): SiteRepo {
  return {
    async insert(site) {
      await run(db.knex('sites').insert({ ...site, created_at: dateIn(db.dialect, site.created_at), updated_at: dateIn(db.dialect, site.updated_at) }));
    },
    async find(ref) {
      return findByRef(db, 'sites', ref, toSite, (domain) => ({ domain: domain.toLowerCase() }));
    },
    async list(page) {
      const rows: Row[] = await run(applyPage(db.knex('sites'), page, { id: 'id', domain: 'domain' }));
      return rows.map(toSite);
    },
    async delete(id) {
      if (isUuid(id)) await run(db.knex('sites').where({ id: id.toLowerCase() }).delete());
    },
  };
}

/** SiteRouteRepo over one unit of work. */
export function siteRouteRepo(db: Db): SiteRouteRepo {
  return {
    async insert(route) {
      await run(db.knex('site_routes').insert({ ...route, created_at: dateIn(db.dialect, route.created_at), updated_at: dateIn(db.dialect, route.updated_at) }));
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const rows: Row[] = await run(db.knex('site_routes').where({ id: id.toLowerCase() }).limit(1));
      return rows[0] ? toRoute(rows[0]) : null;
    },
    async bySite(siteId) {
      if (!isUuid(siteId)) return [];
      const rows: Row[] = await run(db.knex('site_routes').where({ site_id: siteId }).orderBy([{ column: 'source_path' }, { column: 'id' }]));
      return rows.map(toRoute);
    },
    async byApp(appId) {
      if (!isUuid(appId)) return [];
      const rows: Row[] = await run(db.knex('site_routes').where({ app_id: appId }).orderBy('id'));
      return rows.map(toRoute);
    },
    async delete(id) {
      if (isUuid(id)) await run(db.knex('site_routes').where({ id: id.toLowerCase() }).delete());
    },
    async deleteBySite(siteId) {
      if (isUuid(siteId)) await run(db.knex('site_routes').where({ site_id: siteId }).delete());
    },
    async deleteByApp(appId) {
      if (isUuid(appId)) await run(db.knex('site_routes').where({ app_id: appId }).delete());
    },
  };
}
