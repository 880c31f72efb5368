import type { Organization, OrganizationRepo } from '@slipway/core';
import { run, type Db } from '../../db.js';
import { findByRef } from '../../find-by-ref.js';
import { applyPage } from '../../paging.js';
import { organizationRow, toOrganization, type Row } from '../../rows.js';

/** OrganizationRepo over one unit of work. */
export function organizationRepo(db: Db): OrganizationRepo {
  return {
    async insert(org: Organization) {
      await run(db.knex('organizations').insert(organizationRow(db.dialect, org)));
    },
    async find(idOrName: string) {
      return findByRef(db, 'organizations', idOrName, toOrganization);
    },
    async list(page) {
      const rows: Row[] = await run(applyPage(db.knex('organizations').select('*'), page, { id: 'id', name: 'name' }));
      return rows.map((r) => toOrganization(r));
    },
  };
}
