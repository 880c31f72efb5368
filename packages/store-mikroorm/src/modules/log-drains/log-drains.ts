import { isUuid, redactDrainUrl, type LogDrain, type LogDrainRepo } from '@slipway/core';
import { stampsIn, stampsOut } from '../../codec.js';
import { run, type Db, type Dialect } from '../../db.js';
import { applyPage } from '../../paging.js';
import type { Row } from '../../rows.js';

/** A drain as a row (the redacted URL is derived, not stored). */
function drainRow(d: Dialect, x: LogDrain): Row {
  return { id: x.id, app_id: x.app_id, url: x.url, token: x.token, ...stampsIn(d, x) };
}

/** A row as a drain. */
function toDrain(r: Row): LogDrain {
  const url = r.url as string;
  return { id: r.id as string, app_id: r.app_id as string, url, redacted: redactDrainUrl(url), token: r.token as string, ...stampsOut(r) };
}

/** LogDrainRepo over one unit of work. */
export function logDrainRepo(db: Db): LogDrainRepo {
  return {
    async insert(drain) {
      await run(db.knex('log_drains').insert(drainRow(db.dialect, drain)));
    },
    async get(appId, id) {
      if (!isUuid(appId) || !isUuid(id)) return null;
      const rows: Row[] = await run(db.knex('log_drains').where({ app_id: appId, id: id.toLowerCase() }).limit(1));
      return rows[0] ? toDrain(rows[0]) : null;
    },
    async list(appId, page) {
      if (!isUuid(appId)) return [];
      const rows: Row[] = await run(applyPage(db.knex('log_drains').where({ app_id: appId }), page, { id: 'id' }));
      return rows.map(toDrain);
    },
    async all() {
      const rows: Row[] = await run(db.knex('log_drains').orderBy([{ column: 'app_id' }, { column: 'id' }]));
      return rows.map(toDrain);
    },
    async delete(id) {
      if (isUuid(id)) await run(db.knex('log_drains').where({ id: id.toLowerCase() }).delete());
    },
    async deleteByApp(appId) {
      if (isUuid(appId)) await run(db.knex('log_drains').where({ app_id: appId }).delete());
    },
  };
}
