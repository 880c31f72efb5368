import type { Knex } from '@mikro-orm/knex';
import type { BillingItem, BillingItemRepo, InvoiceScope } from '@slipway/core';
import { dateIn, dateOut, maybeDateIn, maybeDateOut } from '../../codec.js';
import { run, type Db, type Dialect } from '../../db.js';
import type { Row } from '../../rows.js';

/** An item as a row. */
function itemRow(d: Dialect, x: BillingItem): Row {
  return { ...x, created_at: dateIn(d, x.created_at), deleted_at: maybeDateIn(d, x.deleted_at) };
}

/** A row as an item. */
function toItem(r: Row): BillingItem {
  return {
    id: r.id as string,
    kind: r.kind as BillingItem['kind'],
    app_id: r.app_id as string,
    app_key: r.app_key as string,
    organization_id: r.organization_id as string,
    organization_name: r.organization_name as string,
    space_id: r.space_id as string,
    subject: r.subject as string,
    description: r.description as string,
    quantity: Number(r.quantity),
    price_cents: Number(r.price_cents),
    created_at: dateOut(r.created_at),
    deleted_at: maybeDateOut(r.deleted_at),
  };
}

/** Narrows a query to a scope. */
function scoped<Q extends Knex.QueryBuilder>(qb: Q, scope: InvoiceScope): Q {
  if (scope.organization_id) qb.where({ organization_id: scope.organization_id });
  if (scope.space_id) qb.where({ space_id: scope.space_id });
  return qb;
}

/** BillingItemRepo over one unit of work. */
export function billingItemRepo(db: Db): BillingItemRepo {
  return {
    async insert(item) {
      await run(db.knex('billing_items').insert(itemRow(db.dialect, item)));
    },
    async close(appId, kind, subject, at) {
      await run(db.knex('billing_items').where({ app_id: appId, kind, subject }).whereNull('deleted_at').update({ deleted_at: dateIn(db.dialect, at) }));
    },
    async closeApp(appId, at) {
      await run(db.knex('billing_items').where({ app_id: appId }).whereNull('deleted_at').update({ deleted_at: dateIn(db.dialect, at) }));
    },
    async overlapping(scope, from, to) {
      const qb = scoped(db.knex('billing_items'), scope)
        .where('created_at', '<', dateIn(db.dialect, to))
        .where((w) => w.whereNull('deleted_at').orWhere('deleted_at', '>=', dateIn(db.dialect, from)))
        .orderBy([{ column: 'created_at' }, { column: 'id' }]);
      const rows: Row[] = await run(qb);
      return rows.map(toItem);
    },
    async earliest(scope) {
      const rows: Row[] = await run(scoped(db.knex('billing_items'), scope).orderBy('created_at').limit(1).select('created_at'));
      return rows[0] ? dateOut(rows[0].created_at) : null;
    },
  };
}
