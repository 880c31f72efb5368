import { isUuid } from '@slipway/core';
import { run, type Db } from './db.js';
import type { Row } from './rows.js';

/**
 * One row of `table` by the reference the API takes: an id when it is a UUID (stored lowercase, so compared
 * lowercased), else the record's name (`byName` builds that condition; default the `name` column verbatim).
 * Mapped through `map`; null when there is none.
 */
export async function findByRef<T>(db: Db, table: string, ref: string, map: (r: Row) => T, byName: (ref: string) => Row = (name) => ({ name })): Promise<T | null> {
  const where = isUuid(ref) ? { id: ref.toLowerCase() } : byName(ref);
  const rows: Row[] = await run(db.knex(table).where(where).limit(1));
  return rows[0] ? map(rows[0]) : null;
}
