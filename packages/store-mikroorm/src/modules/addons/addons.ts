import { ConcurrencyError, isUuid, type Addon, type AddonAttachment, type AddonAttachmentRepo, type AddonRepo } from '@slipway/core';
import { boolOut, stampsIn, stampsOut } from '../../codec.js';
import { affected, preparedSelect, run, type Db, type Dialect } from '../../db.js';
import { findByRef } from '../../find-by-ref.js';
import { applyPage } from '../../paging.js';
import type { Row } from '../../rows.js';

// Read in every config read and PATCH (the credentials an app's addons contribute): prepared once.
const attachmentsOfApp = preparedSelect('slipway_attachments_of_app', 'select * from addon_attachments where app_id = ? order by id');

/** An addon as a row. */
function addonRow(d: Dialect, a: Addon): Row {
  return { ...a, ...stampsIn(d, a) };
}

/** A row as an addon. */
function toAddon(r: Row): Addon {
  return {
    id: r.id as string,
    name: r.name as string,
    app_id: r.app_id as string,
    broker: r.broker as string,
    service_id: r.service_id as string,
    service_name: r.service_name as string,
    plan_id: r.plan_id as string,
    plan_name: r.plan_name as string,
    price_cents: Number(r.price_cents),
    state: r.state as Addon['state'],
    state_description: r.state_description as string,
    failure_code: (r.failure_code as string | null) ?? null,
    binding_id: (r.binding_id as string | null) ?? null,
    credentials: (r.credentials as string | null) ?? null,
    ...stampsOut(r),
    version: Number(r.version),
  };
}

/** An attachment as a row (`primary` is an SQL keyword, hence the `is_` columns). */
function attachmentRow(d: Dialect, a: AddonAttachment): Row {
  const { primary, owner, ...rest } = a;
  return { ...rest, is_primary: primary, is_owner: owner, ...stampsIn(d, a) };
}

/** A row as an attachment. */
function toAttachment(r: Row): AddonAttachment {
  return {
    id: r.id as string,
    addon_id: r.addon_id as string,
    app_id: r.app_id as string,
    name: r.name as string,
    primary: boolOut(r.is_primary),
    owner: boolOut(r.is_owner),
    service_id: r.service_id as string,
    ...stampsOut(r),
  };
}

/** AddonRepo over one unit of work. */
export function addonRepo(db: Db): AddonRepo {
  return {
    async insert(addon) {
      await run(db.knex('addons').insert(addonRow(db.dialect, addon)));
    },
    async find(idOrName) {
      return findByRef(db, 'addons', idOrName, toAddon);
    },
    async list(filter, page) {
      const qb = db.knex('addons');
      if (filter.app_id !== undefined) {
        if (!isUuid(filter.app_id)) return [];
        qb.where('app_id', filter.app_id.toLowerCase());
      }
      if (filter.plan_id !== undefined) qb.where('plan_id', filter.plan_id);
      if (filter.exclude?.length) qb.whereNotIn('state', filter.exclude);
      const rows: Row[] = await run(applyPage(qb, page, { id: 'id', name: 'name' }));
      return rows.map(toAddon);
    },
    async update(addon) {
      const { id, created_at: _c, ...changes } = addonRow(db.dialect, addon);
      const n = await affected(db.knex('addons').where({ id, version: addon.version - 1 }).update(changes));
      if (n === 0) throw new ConcurrencyError(`addon ${addon.name} was changed or removed concurrently`);
    },
    async delete(id) {
      return isUuid(id) && (await affected(db.knex('addons').where({ id: id.toLowerCase() }).delete())) > 0;
    },
  };
}

/** AddonAttachmentRepo over one unit of work. */
export function addonAttachmentRepo(db: Db): AddonAttachmentRepo {
  return {
    async insert(attachment) {
      await run(db.knex('addon_attachments').insert(attachmentRow(db.dialect, attachment)));
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const rows: Row[] = await run(db.knex('addon_attachments').where({ id: id.toLowerCase() }).limit(1));
      return rows[0] ? toAttachment(rows[0]) : null;
    },
    async byApp(appId) {
      if (!isUuid(appId)) return [];
      const rows: Row[] = await attachmentsOfApp(db, [appId.toLowerCase()]);
      return rows.map(toAttachment);
    },
    async byAddon(addonId) {
      if (!isUuid(addonId)) return [];
      const rows: Row[] = await run(db.knex('addon_attachments').where({ addon_id: addonId.toLowerCase() }).orderBy('id'));
      return rows.map(toAttachment);
    },
    async list(appId, filter, page) {
      if (!isUuid(appId)) return [];
      const qb = db.knex('addon_attachments').where({ app_id: appId.toLowerCase() });
      if (filter.owner !== undefined) qb.where('is_owner', filter.owner);
      const rows: Row[] = await run(applyPage(qb, page, { id: 'id' }));
      return rows.map(toAttachment);
    },
    async update(attachment) {
      const row = attachmentRow(db.dialect, attachment);
      await run(db.knex('addon_attachments').where({ id: attachment.id }).update({ name: row.name, is_primary: row.is_primary, updated_at: row.updated_at }));
    },
    async delete(id) {
      return isUuid(id) && (await affected(db.knex('addon_attachments').where({ id: id.toLowerCase() }).delete())) > 0;
    },
  };
}
