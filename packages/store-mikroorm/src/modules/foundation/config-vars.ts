import { isUuid, type ConfigOwner, type ConfigVarRepo } from '@slipway/core';
import { preparedSelect, preparedWrite, run, type Db } from '../../db.js';

// Read on every config PATCH (the app's and its space's) and every config GET: a statement prepared once.
const ofOwnerSelect = preparedSelect('slipway_config_vars_of_owner', 'select key, value from config_vars where owner_kind = ? and owner_id = ?');
const ofOwnersSelect = preparedSelect(
  'slipway_config_vars_of_owners',
  'select owner_kind, owner_id, key, value from config_vars where (owner_kind = ? and owner_id = ?) or (owner_kind = ? and owner_id = ?)',
);
// A config PATCH's one read: both owners' vars, joined to the app row so that a deleted app answers no rows at all.
const OF_APP = "select c.owner_kind, c.key, c.value from apps a left join config_vars c on (c.owner_kind = 'space' and c.owner_id = a.space_id) or (c.owner_kind = 'app' and c.owner_id = a.id) where a.id = ? and a.space_id = ?";
const ofAppSelect = preparedSelect('slipway_config_vars_of_app', OF_APP);
// The usual config PATCH (one var set) on PostgreSQL: that read and the upsert in one statement. Every part of a
// statement sees one snapshot, so the read answers the vars as they were before the upsert.
const ofAppUpsertOne = preparedSelect(
  'slipway_config_vars_of_app_upsert',
  `with put as (insert into config_vars (owner_kind, owner_id, key, value) values ('app', ?, ?, ?) on conflict (owner_kind, owner_id, key) do update set value = excluded.value) ${OF_APP}`,
);
// A PATCH of one var (the usual one) upserts with a statement prepared once.
const upsertOne = preparedWrite(
  'slipway_config_var_upsert',
  'insert into config_vars (owner_kind, owner_id, key, value) values (?, ?, ?, ?) on conflict (owner_kind, owner_id, key) do update set value = excluded.value',
);

/** `[space, app]` vars from rows of `OF_APP`; null when there were none (no such app in that space). */
function bothOf(rows: Record<string, unknown>[]): [Record<string, string>, Record<string, string>] | null {
  if (rows.length === 0) return null;
  const pair: [Record<string, string>, Record<string, string>] = [{}, {}];
  // The app's row alone (no vars anywhere) comes back once, with null columns.
  for (const r of rows as Array<{ owner_kind: string | null; key: string | null; value: string | null }>) if (r.key !== null) pair[r.owner_kind === 'space' ? 0 : 1][r.key] = r.value!;
  return pair;
}

/** ConfigVarRepo over one unit of work: row per key, upserted with ON CONFLICT so concurrent writers of other keys never collide. */
export function configVarRepo(db: Db): ConfigVarRepo {
  const ofOwner = (owner: ConfigOwner) => db.knex('config_vars').where({ owner_kind: owner.kind, owner_id: owner.id });
  const repo: ConfigVarRepo = {
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
      return bothOf(await ofAppSelect(db, [appId, spaceId]));
    },
    async patchOfApp(appId, spaceId, changes) {
      const entries = Object.entries(changes);
      const [one] = entries;
      if (db.dialect === 'postgresql' && entries.length === 1 && typeof one![1] === 'string' && isUuid(appId) && isUuid(spaceId)) {
        return bothOf(await ofAppUpsertOne(db, [appId, one![0], one![1], appId, spaceId]));
      }
      const both = await repo.ofApp(appId, spaceId);
      if (both) await repo.patch({ kind: 'app', id: appId }, changes);
      return both;
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
  return repo;
}
