import { isUuid, type ConfigOwner, type ConfigVarRepo } from '@slipway/core';
import { preparedSelect, preparedWrite, run, type Db } from '../../db.js';

// Read on every config PATCH (the app's and its space's) and every config GET: a statement prepared once.
const ofOwnerSelect = preparedSelect('slipway_config_vars_of_owner', 'select key, value from config_vars where owner_kind = ? and owner_id = ?');
const ofOwnersSelect = preparedSelect(
  'slipway_config_vars_of_owners',
  'select owner_kind, owner_id, key, value from config_vars where (owner_kind = ? and owner_id = ?) or (owner_kind = ? and owner_id = ?)',
);
// A config PATCH's one read: both owners' vars, joined to the app row so that a deleted app answers no rows at all.
const ofAppSelect = preparedSelect(
  'slipway_config_vars_of_app',
  "select c.owner_kind, c.key, c.value from apps a left join config_vars c on (c.owner_kind = 'space' and c.owner_id = a.space_id) or (c.owner_kind = 'app' and c.owner_id = a.id) where a.id = ? and a.space_id = ?",
);
// A PATCH of one var (the usual one) upserts with a statement prepared once.
const upsertOne = preparedWrite(
  'slipway_config_var_upsert',
  'insert into config_vars (owner_kind, owner_id, key, value) values (?, ?, ?, ?) on conflict (owner_kind, owner_id, key) do update set value = excluded.value',
);

/** ConfigVarRepo over one unit of work: row per key, upserted with ON CONFLICT so concurrent writers of other keys never collide. */
export function configVarRepo(db: Db): ConfigVarRepo {
  const ofOwner = (owner: ConfigOwner) => db.knex('config_vars').where({ owner_kind: owner.kind, owner_id: owner.id });
  return {
    async get(owner) {
      const rows = (await ofOwnerSelect(db, [owner.kind, owner.id])) as Array<{ key: string; value: string }>;
      const vars: Record<string, string> = {};
      for (const r of rows) vars[r.key] = r.value;
      return vars;
    },
    async getBoth(first, second) {
      const rows = (await ofOwnersSelect(db, [first.kind, first.id, second.kind, second.id])) as Array<{ owner_kind: string; owner_id: string; key: string; value: string }>;
      const pair: [Record<string, string>, Record<string, string>] = [{}, {}];
      for (const r of rows) pair[r.owner_kind === first.kind && r.owner_id === first.id ? 0 : 1][r.key] = r.value;
      return pair;
    },
    async ofApp(appId, spaceId) {
      if (!isUuid(appId) || !isUuid(spaceId)) return null;
      const rows = (await ofAppSelect(db, [appId, spaceId])) as Array<{ owner_kind: string | null; key: string | null; value: string | null }>;
      if (rows.length === 0) return null;
      const pair: [Record<string, string>, Record<string, string>] = [{}, {}];
      // The app's row alone (no vars anywhere) comes back once, with null columns.
      for (const r of rows) if (r.key !== null) pair[r.owner_kind === 'space' ? 0 : 1][r.key] = r.value!;
      return pair;
    },
    async patch(owner, changes) {
      const upserts = Object.entries(changes)
        .filter((e): e is [string, string] => e[1] !== null)
        .map(([key, value]) => ({ owner_kind: owner.kind, owner_id: owner.id, key, value }));
      const deletes = Object.keys(changes).filter((k) => changes[k] === null);
      if (upserts.length === 1) {
        const [u] = upserts as [(typeof upserts)[number]];
        await upsertOne(db, [u.owner_kind, u.owner_id, u.key, u.value]);
      } else if (upserts.length > 1) {
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
