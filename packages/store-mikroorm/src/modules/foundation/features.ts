import type { FeatureRepo } from '@slipway/core';
import { boolOut } from '../../codec.js';
import { run, type Db } from '../../db.js';

/** FeatureRepo over one unit of work. */
export function featureRepo(db: Db): FeatureRepo {
  return {
    async get(appId) {
      const rows: Array<{ name: string; enabled: unknown }> = await run(
        db.knex('app_features').where({ app_id: appId }).select('name', 'enabled'),
      );
      const switches: Record<string, boolean> = {};
      for (const r of rows) switches[r.name] = boolOut(r.enabled);
      return switches;
    },
    async set(appId, name, enabled) {
      await run(
        db.knex('app_features').insert({ app_id: appId, name, enabled }).onConflict(['app_id', 'name']).merge(['enabled']),
      );
    },
    async clear(appId) {
      await run(db.knex('app_features').where({ app_id: appId }).delete());
    },
  };
}
