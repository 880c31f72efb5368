import { ConcurrencyError, ConflictError, type CertificateOrder, type CertificateOrderRepo } from '@slipway/core';
import { boolOut, dateIn, jsonIn, jsonOut, maybeDateIn, maybeDateOut, stampsOut } from '../../codec.js';
import { affected, run, type Db, type Dialect } from '../../db.js';
import { findByRef } from '../../find-by-ref.js';
import { applyPage } from '../../paging.js';
import type { Row } from '../../rows.js';

/** An order as a row. */
function orderRow(d: Dialect, o: CertificateOrder): Row {
  return {
    ...o,
    domains: jsonIn(o.domains),
    issued_at: maybeDateIn(d, o.issued_at),
    expires_at: maybeDateIn(d, o.expires_at),
    created_at: dateIn(d, o.created_at),
    updated_at: dateIn(d, o.updated_at),
  };
}

/** A row as an order. */
function toOrder(r: Row): CertificateOrder {
  const text = (v: unknown) => (v === null || v === undefined ? null : (v as string));
  return {
    id: r.id as string,
    name: r.name as string,
    comments: r.comments as string,
    requester: r.requester as string,
    org_id: r.org_id as string,
    org_name: r.org_name as string,
    region_id: r.region_id as string,
    region_name: r.region_name as string,
    common_name: r.common_name as string,
    domains: jsonOut<string[]>(r.domains),
    kind: r.kind as CertificateOrder['kind'],
    status: r.status as CertificateOrder['status'],
    status_reason: text(r.status_reason),
    installed: boolOut(r.installed),
    issuer: r.issuer as string,
    order_ref: text(r.order_ref),
    order_key_sealed: text(r.order_key_sealed),
    cert_pem: text(r.cert_pem),
    key_sealed: text(r.key_sealed),
    issued_at: maybeDateOut(r.issued_at),
    expires_at: maybeDateOut(r.expires_at),
    ...stampsOut(r),
    version: Number(r.version),
  };
}

/** CertificateOrderRepo over one unit of work. */
export function certificateOrderRepo(db: Db): CertificateOrderRepo {
  const byId = (ids: string[]) => (ids.length ? run(db.knex('certificate_orders').whereIn('id', ids).orderBy('id')) : Promise.resolve([] as Row[]));
  return {
    async insert(order) {
      if ((await run(db.knex('certificate_orders').where({ name: order.name }).limit(1))).length) {
        throw new ConflictError(`a certificate named ${order.name} exists already`, 'name');
      }
      await run(db.knex('certificate_orders').insert(orderRow(db.dialect, order)));
      await run(db.knex('certificate_domains').insert(order.domains.map((domain) => ({ order_id: order.id, domain }))));
    },
    async find(idOrName) {
      return findByRef(db, 'certificate_orders', idOrName, toOrder);
    },
    async list(filter, page) {
      const qb = db.knex('certificate_orders');
      if (filter.installed !== undefined) qb.where('installed', filter.installed);
      const rows: Row[] = await run(applyPage(qb, page, { id: 'id', name: 'name' }));
      return rows.map(toOrder);
    },
    async listing(domains) {
      if (!domains.length) return [];
      const hits: Row[] = await run(db.knex('certificate_domains').distinct('order_id').whereIn('domain', [...domains]));
      return (await byId(hits.map((h) => h.order_id as string))).map(toOrder);
    },
    async installed() {
      const rows: Row[] = await run(db.knex('certificate_orders').where('installed', true).orderBy('created_at').orderBy('id'));
      return rows.map(toOrder);
    },
    async update(order) {
      const { id, created_at: _c, name: _n, domains: _d, ...changes } = orderRow(db.dialect, order);
      const n = await affected(db.knex('certificate_orders').where({ id, version: order.version - 1 }).update(changes));
      if (n === 0) throw new ConcurrencyError(`certificate ${order.name} was changed or removed concurrently`);
    },
  };
}
