import { isUuid, type Hook, type HookAttempt, type HookDelivery, type HookDeliveryRepo, type HookRepo } from '@slipway/core';
import { boolOut, dateIn, jsonIn, jsonOut, stampsIn, stampsOut } from '../../codec.js';
import { affected, inList, insertRows, listParam, preparedSelect, run, updateRows, type Db, type Dialect } from '../../db.js';
import { applyPage } from '../../paging.js';
import type { Row } from '../../rows.js';

// Read inside every transaction that emits an app event (the outbox looks for subscribers): prepared once.
const activeOfApp = preparedSelect('slipway_hooks_active_of_app', 'select * from hooks where app_id = ? and active = ? order by id');
// The deliveries of the jobs the runner starts together: one statement whatever their number.
const deliveriesByIds = preparedSelect('slipway_deliveries_by_ids', (d) => `select * from hook_deliveries where ${inList(d, 'id')}`);

/** A hook as a row. */
function hookRow(d: Dialect, h: Hook): Row {
  return { ...h, events: jsonIn(h.events), ...stampsIn(d, h) };
}

/** A row as a hook. */
function toHook(r: Row): Hook {
  return {
    id: r.id as string,
    app_id: r.app_id as string,
    url: r.url as string,
    events: jsonOut<string[]>(r.events),
    active: boolOut(r.active),
    secret: r.secret as string,
    ...stampsOut(r),
  };
}

/** A delivery as a row. */
function deliveryRow(d: Dialect, x: HookDelivery): Row {
  return {
    ...x,
    headers: jsonIn(x.headers),
    last_attempt: x.last_attempt === null ? null : jsonIn(x.last_attempt),
    created_at: dateIn(d, x.created_at),
    updated_at: dateIn(d, x.updated_at),
  };
}

/** The columns of a delivery row and their PostgreSQL types: every outbox write inserts its rows with one prepared statement. */
const DELIVERY_COLUMNS = {
  id: 'uuid', hook_id: 'uuid', app_id: 'uuid', event: 'text', url: 'text', headers: 'jsonb', body: 'text', status: 'text',
  num_attempts: 'integer', last_attempt: 'jsonb', created_at: 'timestamptz', updated_at: 'timestamptz',
};

/** A row as a delivery (the attempt's instant is revived from JSON). */
function toDelivery(r: Row): HookDelivery {
  const attempt = r.last_attempt === null || r.last_attempt === undefined ? null : jsonOut<HookAttempt & { updated_at: string }>(r.last_attempt);
  return {
    id: r.id as string,
    hook_id: r.hook_id as string,
    app_id: r.app_id as string,
    event: r.event as string,
    url: r.url as string,
    headers: jsonOut<Record<string, string>>(r.headers),
    body: r.body as string,
    status: r.status as HookDelivery['status'],
    num_attempts: Number(r.num_attempts),
    last_attempt: attempt ? { ...attempt, updated_at: new Date(attempt.updated_at) } : null,
    ...stampsOut(r),
  };
}

/** HookRepo over one unit of work. */
export function hookRepo(db: Db): HookRepo {
  const ids = (...v: string[]) => v.every(isUuid);
  return {
    async insert(hook) {
      await run(db.knex('hooks').insert(hookRow(db.dialect, hook)));
    },
    async get(appId, id) {
      if (!ids(appId, id)) return null;
      const rows: Row[] = await run(db.knex('hooks').where({ app_id: appId, id: id.toLowerCase() }).limit(1));
      return rows[0] ? toHook(rows[0]) : null;
    },
    async list(appId, page) {
      if (!ids(appId)) return [];
      const rows: Row[] = await run(applyPage(db.knex('hooks').where({ app_id: appId }), page, { id: 'id' }));
      return rows.map(toHook);
    },
    async subscribed(appId, event) {
      if (!ids(appId)) return [];
      // SQLite keeps booleans as 0/1.
      const rows: Row[] = await activeOfApp(db, [appId, db.dialect === 'sqlite' ? 1 : true]);
      return rows.map(toHook).filter((h) => h.events.includes(event));
    },
    async update(hook) {
      const { id, created_at: _c, ...changes } = hookRow(db.dialect, hook);
      await run(db.knex('hooks').where({ id }).update(changes));
    },
    async delete(id) {
      return ids(id) && (await affected(db.knex('hooks').where({ id: id.toLowerCase() }).delete())) > 0;
    },
    async deleteByApp(appId) {
      if (ids(appId)) await run(db.knex('hooks').where({ app_id: appId }).delete());
    },
  };
}

/** HookDeliveryRepo over one unit of work. */
export function hookDeliveryRepo(db: Db): HookDeliveryRepo {
  const updateMany: HookDeliveryRepo['updateMany'] = async (deliveries, onlyIfHooked = false) => {
    const rows = deliveries.map((d) => {
      const { id, status, num_attempts, last_attempt, updated_at } = deliveryRow(db.dialect, d);
      return { id, status, num_attempts, last_attempt, updated_at };
    });
    const types = { status: 'text', num_attempts: 'integer', last_attempt: 'jsonb', updated_at: 'timestamptz' };
    return updateRows(db, 'hook_deliveries', rows, types, onlyIfHooked ? 'exists (select 1 from hooks where hooks.id = hook_deliveries.hook_id)' : undefined);
  };
  return {
    async insert(delivery) {
      await insertRows(db, 'hook_deliveries', (Array.isArray(delivery) ? delivery : [delivery]).map((d) => deliveryRow(db.dialect, d)), DELIVERY_COLUMNS);
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const rows: Row[] = await run(db.knex('hook_deliveries').where({ id: id.toLowerCase() }).limit(1));
      return rows[0] ? toDelivery(rows[0]) : null;
    },
    async getMany(ids) {
      const wanted = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
      if (wanted.length === 0) return [];
      const rows: Row[] = await deliveriesByIds(db, [listParam(db.dialect, wanted)]);
      return rows.map(toDelivery);
    },
    async list(hookId, page) {
      if (!isUuid(hookId)) return [];
      const rows: Row[] = await run(applyPage(db.knex('hook_deliveries').where({ hook_id: hookId }), page, { id: 'id' }));
      return rows.map(toDelivery);
    },
    async update(delivery, onlyIfHooked = false) {
      return (await updateMany([delivery], onlyIfHooked)).length > 0;
    },
    updateMany,
    async deleteByHook(hookId) {
      if (isUuid(hookId)) await run(db.knex('hook_deliveries').where({ hook_id: hookId }).delete());
    },
    async deleteSettled(hookId, settling) {
      if (!isUuid(hookId)) return;
      const ids = settling.filter(isUuid).map((id) => id.toLowerCase());
      await run(db.knex('hook_deliveries').where({ hook_id: hookId }).andWhere((q) => void q.whereNot({ status: 'pending' }).orWhereIn('id', ids)).delete());
    },
    async deleteByApp(appId) {
      if (isUuid(appId)) await run(db.knex('hook_deliveries').where({ app_id: appId }).delete());
    },
  };
}
