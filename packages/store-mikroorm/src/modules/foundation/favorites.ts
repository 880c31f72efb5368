import { isUuid, type Favorite, type FavoriteRepo } from '@slipway/core';
import { dateIn, dateOut } from '../../codec.js';
import { affected, run, type Db } from '../../db.js';
import { applyPage } from '../../paging.js';
import type { Row } from '../../rows.js';

/** FavoriteRepo over one unit of work. */
export function favoriteRepo(db: Db): FavoriteRepo {
  return {
    async add(favorite) {
      const row = { user_id: favorite.user_id, app_id: favorite.app_id.toLowerCase(), created_at: dateIn(db.dialect, favorite.created_at) };
      const before: Row[] = await run(db.knex('favorites').where({ user_id: row.user_id, app_id: row.app_id }).limit(1));
      // Marking twice, even concurrently, keeps one row: the primary key decides.
      await run(db.knex('favorites').insert(row).onConflict(['user_id', 'app_id']).ignore());
      return before.length === 0;
    },
    async remove(userId, appId) {
      if (!isUuid(appId)) return false;
      return (await affected(db.knex('favorites').where({ user_id: userId, app_id: appId.toLowerCase() }).delete())) > 0;
    },
    async list(userId, page) {
      const rows: Row[] = await run(applyPage(db.knex('favorites').where({ user_id: userId }), page, { id: 'app_id' }));
      return rows.map((r) => ({ user_id: r.user_id as string, app_id: r.app_id as string, created_at: dateOut(r.created_at) }) satisfies Favorite);
    },
    async clearApp(appId) {
      if (isUuid(appId)) await run(db.knex('favorites').where({ app_id: appId.toLowerCase() }).delete());
    },
  };
}
