import type { ConfigOwner, ConfigVarRepo } from '@slipway/core';
import { run, type Db } from '../../db.js';

/** ConfigVarRepo over one unit of work: row per key, upserted with ON CONFLICT so concurrent writers of other keys never collide. */
export function configVarRepo(db: Db): ConfigVarRepo {
  const ofOwner = (owner: ConfigOwner) => db.knex('config_vars').where({ owner_kind: owner.kind, owner_id: owner.id });
  return {
    async get(owner) {
      const rows: Array<{ key: string; value: string }> = await run(ofOwner(owner).select('key', 'value'));
      const vars: Record<string, string> = {};
      for (const r of rows) vars[r.key] = r.value;
      return vars;
    },
    async patch(owner, changes) {
      const upserts = Object.entries(changes)
        .filter((e): e is [string, string] => e[1] !== null)
        .map(([key, value]) => ({ owner_kind: owner.kind, owner_id: owner.id, key, value }));
      const deletes = Object.keys(changes).filter((k) => changes[k] === null);
      if (upserts.length > 0) {
        await run(
          db.knex('config_vars').insert(upserts).onConflict(['owner_kind', 'owner_id', 'key']).merge(['value']),
        );
      }
      if (deletes.length > 0) await run(ofOwner(owner).whereIn('key', deletes).delete());
    },
    async clear(owner) {
      await run(ofOwner(owner).delete());
    },
  };
}
