import { isUuid, type AuditRepo } from '@slipway/core';
import { preparedWrite, run, type Db } from '../../db.js';
import { applyPage } from '../../paging.js';
import { auditRow, toAudit, type Row } from '../../rows.js';

// Every audited change writes one: a statement prepared once rather than built per call.
const COLUMNS = ['id', 'action', 'app_id', 'app_name', 'space_name', 'username', 'payload', 'created_at'] as const;
const insertAudit = preparedWrite('slipway_audit_insert', `insert into audits (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`);

/** AuditRepo over one unit of work. */
export function auditRepo(db: Db): AuditRepo {
  return {
    async insert(entry) {
      const row = auditRow(db.dialect, entry);
      await insertAudit(db, COLUMNS.map((c) => row[c] ?? null));
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
