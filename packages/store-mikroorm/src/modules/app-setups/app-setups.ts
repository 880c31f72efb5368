import type { AppSetup, AppSetupRepo, AppSetupStatus, PostdeployResult } from '@slipway/core';
import { dateIn, dateOut, jsonIn, jsonOut } from '../../codec.js';
import { run, type Db, type Dialect } from '../../db.js';
import type { Row } from '../../rows.js';

/** A setup as a row. */
function setupRow(d: Dialect, s: AppSetup): Row {
  return {
    ...s,
    steps: jsonIn(s.steps),
    postdeploy: s.postdeploy ? jsonIn(s.postdeploy) : null,
    created_at: dateIn(d, s.created_at),
    updated_at: dateIn(d, s.updated_at),
  };
}

/** A row as a setup. */
function toSetup(r: Row): AppSetup {
  return {
    id: r.id as string,
    app_id: r.app_id as string,
    app_name: r.app_name as string,
    status: r.status as AppSetupStatus,
    completed: Number(r.completed),
    steps: jsonOut<string[]>(r.steps),
    failure_message: r.failure_message as string,
    build_id: (r.build_id as string | null) ?? null,
    postdeploy: r.postdeploy === null || r.postdeploy === undefined ? null : jsonOut<PostdeployResult>(r.postdeploy),
    plan: r.plan as string,
    user_id: r.user_id as string,
    username: r.username as string,
    user_email: r.user_email as string,
    created_at: dateOut(r.created_at),
    updated_at: dateOut(r.updated_at),
  };
}

/** AppSetupRepo over one unit of work. */
export function appSetupRepo(db: Db): AppSetupRepo {
  return {
    async insert(setup) {
      await run(db.knex('app_setups').insert(setupRow(db.dialect, setup)));
    },
    async get(id) {
      const rows: Row[] = await run(db.knex('app_setups').where({ id }).limit(1));
      return rows[0] ? toSetup(rows[0]) : null;
    },
    async byApp(appId) {
      const rows: Row[] = await run(db.knex('app_setups').where({ app_id: appId }).limit(1));
      return rows[0] ? toSetup(rows[0]) : null;
    },
    async update(setup) {
      const { id, app_id: _a, app_name: _n, user_id: _u, username: _un, user_email: _e, created_at: _c, ...changes } = setupRow(db.dialect, setup);
      await run(db.knex('app_setups').where({ id }).update(changes));
    },
    async deleteByApp(appId) {
      await run(db.knex('app_setups').where({ app_id: appId }).delete());
    },
  };
}
