import { DriverUnavailableError, NotFoundError } from '../../../errors.js';
import { attachmentVars, credentialVars, type Addon, type AddonAttachment } from '../domain/addon-records.js';
import { isUuid, normalizeName } from '../../foundation/domain/names.js';
import { defaultPage } from '../../../kernel/paging.js';
import type { AppView } from '../../foundation/domain/records.js';
import type { SecretBox } from '../../../kernel/secrets.js';
import type { StoreTx } from '../../../kernel/store.js';
import { presentAddonChange, type AddonDetails } from '../schemas/addons.js';
import { configChanged, type ConfigChangeHook } from '../../foundation/services/config-sources.js';
import { enqueueJob } from '../../../kernel/jobs.js';
import { eventSubject } from '../../foundation/services/resolve.js';
import type { EventSink } from '../../../kernel/unit-of-work.js';

/** Job kind that provisions and binds one addon (polling asynchronous brokers). */
export const ADDON_PROVISION = 'addon.provision';
/** Job kind that unbinds and/or deprovisions at a broker: deleted addons and orphan mitigation. */
export const ADDON_CLEANUP = 'addon.cleanup';

/** Per-addon job key: provision, cleanup and orphan mitigation of one addon run one at a time, in order. */
export function addonJobKey(addonId: string): string {
  return `addon:${addonId}`;
}

/** What a cleanup job owes a broker; plain JSON so it survives restarts (and outlives the addon row). */
export interface CleanupPayload {
  broker: string;
  instance_id: string;
  service_id: string;
  plan_id: string;
  binding_id: string | null;
  /** Unbind first (a binding may exist). */
  unbind: boolean;
  /** Then delete the instance. */
  deprovision: boolean;
  /** Remove this addon row once done (a user delete, not orphan mitigation). */
  delete_addon: string | null;
  [key: string]: unknown;
}

/** Loads an addon by id or name that the user may see (not one being deprovisioned). */
export async function requireAddon(tx: StoreTx, ref: string, field = 'addon'): Promise<Addon> {
  const addon = await tx.addons.find(isUuid(ref) ? ref.toLowerCase() : normalizeName(ref));
  if (!addon || addon.state === 'deprovisioning') throw new NotFoundError(`The addon ${ref} was not found.`, field);
  return addon;
}

/** The unprefixed vars an addon's credentials give (none until provisioned, or without a key to open them). */
export function addonVars(box: SecretBox | null, addon: Addon): Record<string, string> {
  if (addon.state !== 'provisioned' || !addon.credentials || !box) return {};
  try {
    return credentialVars(box.openJson<Record<string, unknown>>(addon.credentials));
  } catch {
    // A changed or wrong host key: say so instead of failing every read of the app with a 500.
    throw new DriverUnavailableError(`The credentials of addon ${addon.name} cannot be opened: the platform's secret key is not the one they were sealed with.`);
  }
}

/** Every var an app gets from the addons it owns or has attached. */
export async function appAddonVars(tx: StoreTx, box: SecretBox | null, view: AppView): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const attachment of await tx.addonAttachments.byApp(view.app.id)) {
    const addon = await tx.addons.find(attachment.addon_id);
    if (!addon) continue;
    Object.assign(out, attachmentVars(attachment, addon.service_name, addonVars(box, addon)));
  }
  return out;
}

/** An addon with its owner, its attachments' apps and its vars. */
export async function loadDetails(tx: StoreTx, box: SecretBox | null, addon: Addon): Promise<AddonDetails> {
  const owner = await tx.apps.find({ id: addon.app_id });
  if (!owner) throw new NotFoundError(`The addon ${addon.name} was not found.`, 'addon');
  const attachments: AddonDetails['attachments'] = [];
  for (const attachment of await tx.addonAttachments.byAddon(addon.id)) {
    const app = attachment.app_id === owner.app.id ? owner : await tx.apps.find({ id: attachment.app_id });
    if (app) attachments.push({ attachment, app });
  }
  return { addon, owner, attachments, vars: addonVars(box, addon) };
}

/** The var names one app sees from an addon (prefixed when its attachment is secondary). */
export function varNamesFor(d: AddonDetails, appId: string): string[] {
  const mine = d.attachments.find((a) => a.app.app.id === appId)?.attachment;
  if (!mine) return Object.keys(d.vars);
  return Object.keys(attachmentVars(mine, d.addon.service_name, d.vars));
}

/** After a primary left or was demoted: the oldest other attachment of the same service in that app takes over. */
export async function promoteNext(tx: StoreTx, appId: string, serviceId: string, except: string): Promise<void> {
  const siblings = (await tx.addonAttachments.byApp(appId)).filter((a) => a.service_id === serviceId && a.id !== except);
  if (!siblings.length || siblings.some((a) => a.primary)) return;
  await tx.addonAttachments.update({ ...siblings[0]!, primary: true, updated_at: new Date() });
}

/** Makes `attachment` the only primary of its service in its app. */
export async function makePrimary(tx: StoreTx, attachment: AddonAttachment): Promise<void> {
  for (const other of await tx.addonAttachments.byApp(attachment.app_id)) {
    if (other.id !== attachment.id && other.service_id === attachment.service_id && other.primary) {
      await tx.addonAttachments.update({ ...other, primary: false, updated_at: new Date() });
    }
  }
}

/** Runs the config-change hooks (a new release) of each app once. */
export async function notifyApps(tx: StoreTx, hooks: ConfigChangeHook[], apps: AppView[], description: string, events?: EventSink): Promise<void> {
  const seen = new Set<string>();
  for (const view of apps) {
    if (seen.has(view.app.id)) continue;
    seen.add(view.app.id);
    await configChanged(tx, view, hooks, description, events);
  }
}

/**
 * Takes an addon away from every app (vars gone in this transaction), marks it deprovisioning and
 * enqueues the broker clean-up that deletes the row when done. `skipAppId` is an app being deleted,
 * which needs no new release.
 */
export async function removeAddon(
  tx: StoreTx,
  events: EventSink,
  hooks: ConfigChangeHook[],
  d: AddonDetails,
  skipAppId?: string,
): Promise<void> {
  const { addon, owner } = d;
  const hadVars = Object.keys(d.vars).length > 0;
  for (const { attachment } of d.attachments) await tx.addonAttachments.delete(attachment.id);
  for (const { attachment } of d.attachments) {
    if (attachment.primary && attachment.app_id !== skipAppId) await promoteNext(tx, attachment.app_id, attachment.service_id, attachment.id);
  }
  const now = new Date();
  await tx.addons.update({ ...addon, state: 'deprovisioning', credentials: null, state_description: 'deprovisioning', updated_at: now, version: addon.version + 1 });
  const payload: CleanupPayload = {
    broker: addon.broker,
    instance_id: addon.id,
    service_id: addon.service_id,
    plan_id: addon.plan_id,
    binding_id: addon.binding_id,
    unbind: addon.binding_id !== null,
    deprovision: true,
    delete_addon: addon.id,
  };
  await enqueueJob(tx, ADDON_CLEANUP, addonJobKey(addon.id), payload);
  if (hadVars) {
    const apps = d.attachments.map((a) => a.app).filter((v) => v.app.id !== skipAppId);
    await notifyApps(tx, hooks, apps, `Remove ${addon.name} addon`, events);
  }
  if (addon.state === 'provisioned') {
    await events.emit('addon_change', { ...eventSubject(owner), change: 'delete', changes: [presentAddonChange(addon, owner, varNamesFor(d, owner.app.id))] }, owner.app.id);
  }
}

/** Every addon an app owns that is not already going away. */
export async function ownedAddons(tx: StoreTx, appId: string): Promise<Addon[]> {
  const out: Addon[] = [];
  let page = defaultPage();
  for (;;) {
    const rows = await tx.addons.list({ app_id: appId, exclude: ['deprovisioning'] }, page);
    out.push(...rows.slice(0, page.max));
    if (rows.length <= page.max) return out;
    page = { ...page, start: rows[page.max - 1]!.id, exclusive: true };
  }
}
