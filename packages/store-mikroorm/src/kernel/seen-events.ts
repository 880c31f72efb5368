import { randomUUID } from 'node:crypto';
import type { SeenEventRepo } from '@slipway/core';
import { dateIn } from '../codec.js';
import { affected, run, type Db } from '../db.js';

/** SeenEventRepo over one unit of work: insert-if-absent, then check whose token the row carries. */
export function seenEventRepo(db: Db): SeenEventRepo {
  return {
    async remember(key, at) {
      // ON CONFLICT DO NOTHING never aborts the surrounding transaction (a failed INSERT would on
      // PostgreSQL); the token tells this caller's insert from an earlier one on both dialects.
      const token = randomUUID();
      await run(db.knex('seen_events').insert({ key, token, created_at: dateIn(db.dialect, at) }).onConflict('key').ignore());
      const rows: Array<{ token: string }> = await run(db.knex('seen_events').where({ key }).select('token'));
      return rows[0]?.token === token;
    },
    async forget(before) {
      return affected(db.knex('seen_events').where('created_at', '<', dateIn(db.dialect, before)).delete());
    },
  };
}
