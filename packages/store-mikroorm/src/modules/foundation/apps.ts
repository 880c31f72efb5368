import { ConcurrencyError, ValidationError, isUuid, type App, type AppRef, type AppRepo, type AppView } from '@slipway/core';
import { affected, preparedSelect, run, type Db } from '../../db.js';
import { applyPage } from '../../paging.js';
import { appRow, columns, toApp, toOrganization, toSpace, type Row } from '../../rows.js';

const aliased = [
  ...columns.apps.map((c) => `a.${c} as a__${c}`),
  ...columns.spaces.map((c) => `s.${c} as s__${c}`),
  ...columns.organizations.map((c) => `o.${c} as o__${c}`),
];

// The hot path (every request names an app): one hand-written statement per look-up shape, built once
// (a named prepared statement on PostgreSQL), so a find costs one round trip and no query building.
const JOINED = `select ${aliased.join(', ')} from apps a join spaces s on s.id = a.space_id join organizations o on o.id = a.organization_id `;
const VIEW = `${JOINED}where `;
const byId = preparedSelect('slipway_app_by_id', `${VIEW}a.id = ?`);
const bySpaceId = preparedSelect('slipway_app_by_space_id', `${VIEW}a.name = ? and a.space_id = ?`);
const bySpaceName = preparedSelect('slipway_app_by_space_name', `${VIEW}a.name = ? and s.name = ?`);
// The list's common pages (every app by id, ascending: the first page, and each Next-Range page after it) as
// statements too; other sorts, orders and filters take the query builder. Same SQL applyPage would build.
const firstPage = preparedSelect('slipway_apps_first_page', `${JOINED}order by a.id asc limit ?`);
const pageAfter = preparedSelect('slipway_apps_page_after', `${JOINED}where a.id > ? order by a.id asc limit ?`);
const pageFrom = preparedSelect('slipway_apps_page_from', `${JOINED}where a.id >= ? order by a.id asc limit ?`);

/** A joined row as an app view. */
function toView(r: Row): AppView {
  return { app: toApp(r, 'a__'), space: toSpace(r, 's__'), organization: toOrganization(r, 'o__') };
}

/** AppRepo over one unit of work. */
export function appRepo(db: Db): AppRepo {
  return {
    async insert(app: App) {
      await run(db.knex('apps').insert(appRow(db.dialect, app)));
    },
    async find(ref: AppRef) {
      let rows: Row[];
      if ('id' in ref) {
        if (!isUuid(ref.id)) return null;
        rows = await byId(db, [ref.id.toLowerCase()]);
      } else if (isUuid(ref.space)) {
        rows = await bySpaceId(db, [ref.name, ref.space.toLowerCase()]);
      } else {
        rows = await bySpaceName(db, [ref.name, ref.space]);
      }
      return rows[0] ? toView(rows[0]) : null;
    },
    async list(filter, page) {
      if (filter.space_id === undefined && page.sort === 'id' && page.order === 'asc') {
        const limit = Math.max(0, page.max) + 1;
        let rows: Row[];
        if (page.start === undefined) rows = await firstPage(db, [limit]);
        else {
          if (!isUuid(page.start)) throw new ValidationError('range start must be an id', 'range');
          rows = await (page.exclusive ? pageAfter : pageFrom)(db, [page.start.toLowerCase(), limit]);
        }
        return rows.map(toView);
      }
      const qb = db.knex('apps as a')
        .join('spaces as s', 's.id', 'a.space_id')
        .join('organizations as o', 'o.id', 'a.organization_id')
        .select(aliased);
      if (filter.space_id !== undefined) {
        if (!isUuid(filter.space_id)) return [];
        qb.where('a.space_id', filter.space_id.toLowerCase());
      }
      const rows: Row[] = await run(applyPage(qb, page, { id: 'a.id', name: 'a.name' }));
      return rows.map(toView);
    },
    async update(app: App) {
      const { id, created_at: _created, ...changes } = appRow(db.dialect, app);
      const n = await affected(db.knex('apps').where({ id, version: app.version - 1 }).update(changes));
      if (n === 0) throw new ConcurrencyError(`app ${app.name} was changed or removed concurrently`);
    },
    async delete(id: string) {
      return isUuid(id) && (await affected(db.knex('apps').where({ id: id.toLowerCase() }).delete())) > 0;
    },
    async countBySpace(spaceIds: string[]) {
      const ids = spaceIds.filter(isUuid).map((id) => id.toLowerCase());
      if (ids.length === 0) return {};
      const rows: Row[] = await run(db.knex('apps').select('space_id').count({ n: '*' }).whereIn('space_id', ids).groupBy('space_id'));
      return Object.fromEntries(rows.map((r) => [r.space_id as string, Number(r.n)]));
    },
  };
}
