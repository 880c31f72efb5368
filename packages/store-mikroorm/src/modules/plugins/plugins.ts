import { isUuid, type Plugin, type PluginRepo } from '@slipway/core';
import { stampsIn, stampsOut } from '../../codec.js';
import { run, type Db, type Dialect } from '../../db.js';
import { findByRef } from '../../find-by-ref.js';
import { applyPage } from '../../paging.js';
import type { Row } from '../../rows.js';

/** A plugin as a row. */
function pluginRow(d: Dialect, p: Plugin): Row {
  return { ...p, ...stampsIn(d, p) };
}

/** A row as a plugin. */
function toPlugin(r: Row): Plugin {
  return {
    id: r.id as string,
    name: r.name as string,
    description: r.description as string,
    owner_name: r.owner_name as string,
    owner_email: r.owner_email as string,
    repo: r.repo as string,
    ...stampsOut(r),
  };
}

/** PluginRepo over one unit of work. */
export function pluginRepo(db: Db): PluginRepo {
  return {
    async insert(plugin) {
      await run(db.knex('plugins').insert(pluginRow(db.dialect, plugin)));
    },
    async find(idOrName) {
      return findByRef(db, 'plugins', idOrName, toPlugin);
    },
    async list(page) {
      const rows: Row[] = await run(applyPage(db.knex('plugins'), page, { id: 'id', name: 'name' }));
      return rows.map(toPlugin);
    },
    async update(plugin) {
      const { id, name: _n, created_at: _c, ...changes } = pluginRow(db.dialect, plugin);
      await run(db.knex('plugins').where({ id }).update(changes));
    },
    async delete(id) {
      if (isUuid(id)) await run(db.knex('plugins').where({ id: id.toLowerCase() }).delete());
    },
  };
}
