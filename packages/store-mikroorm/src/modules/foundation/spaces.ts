import { ConcurrencyError, type Space, type SpaceRepo } from '@slipway/core';
import { affected, run, type Db } from '../../db.js';
import { findByRef } from '../../find-by-ref.js';
import { applyPage } from '../../paging.js';
import { spaceRow, toSpace, type Row } from '../../rows.js';

/** SpaceRepo over one unit of work. */
export function spaceRepo(db: Db): SpaceRepo {
  return {
    async insert(space: Space) {
      await run(db.knex('spaces').insert(spaceRow(db.dialect, space)));
    },
    async find(idOrName: string) {
      return findByRef(db, 'spaces', idOrName, toSpace);
    },
    async list(page) {
      const rows: Row[] = await run(applyPage(db.knex('spaces').select('*'), page, { id: 'id', name: 'name' }));
      return rows.map((r) => toSpace(r));
    },
    async update(space: Space) {
      const { id, created_at: _created, ...changes } = spaceRow(db.dialect, space);
      const n = await affected(db.knex('spaces').where({ id, version: space.version - 1 }).update(changes));
      if (n === 0) throw new ConcurrencyError(`space ${space.name} was changed or removed concurrently`);
    },
  };
}
