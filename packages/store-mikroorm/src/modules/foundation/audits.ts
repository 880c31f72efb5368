import { isUuid, type AuditRepo } from '@slipway/core';
import { run, type Db } from '../../db.js';
import { applyPage } from '../../paging.js';
import { auditRow, toAudit, type Row } from '../../rows.js';

/** AuditRepo over one unit of work. */
export function auditRepo(db: Db): AuditRepo {
  return {
    async insert(entry) {
      await run(db.knex('audits').insert(auditRow(db.dialect, entry)));
    },
    async list(filter, page) {
      if (filter.app_id !== undefined && !isUuid(filter.app_id)) return [];
      const qb = db.knex('audits').select('*');
      for (const field of ['app_id', 'app_name', 'space_name', 'username'] as const) {
        const value = filter[field];
        if (value !== undefined) qb.where(field, value);
      }
      const rows: Row[] = await run(applyPage(qb, page, { id: 'id' }));
      return rows.map(toAudit);
    },
  };
}
