import { setTimeout as sleep } from 'node:timers/promises';
import {
  ConcurrencyError,
  BadRequestError,
  ConflictError,
  DriverUnavailableError,
  ForbiddenError,
  NotFoundError,
  PlatformError,
  UnprocessableError,
  ValidationError,
  isPlatformError,
} from '../../../errors.js';
import { checkAddonName, generateAddonName, planPriceCents, type Addon, type AddonAttachment } from '../domain/addon-records.js';
import { resolvePlan, type BrokerPlan, type BrokerServiceOffering } from '../domain/addons.js';
import type { PlatformCatalog } from '../../foundation/domain/catalog.js';
import { maskValues } from '../../foundation/domain/config-vars.js';
import { newId } from '../../../kernel/ids.js';
import { isUuid, normalizeName } from '../../foundation/domain/names.js';
import { defaultPage, toPage, type Page, type PageRequest } from '../../../kernel/paging.js';
import type { AppView } from '../../foundation/domain/records.js';
import type { SecretBox } from '../../../kernel/secrets.js';
import type { AddonBroker } from '../ports/addon-broker.js';
import type { Principal } from '../../../kernel/authenticator.js';
import type { StoreTx } from '../../../kernel/store.js';
import type { AddonDetails, BrokerService } from '../schemas/addons.js';
import {
  ADDON_PROVISION,
  addonJobKey,
  loadDetails,
  makePrimary,
  notifyApps,
  promoteNext,
  removeAddon,
  requireAddon,
} from './addon-state.js';
import type { ConfigChangeHook } from '../../foundation/services/config-sources.js';
import { enqueueJob, type JobRunner } from '../../../kernel/jobs.js';
import { REDACTED, eventSubject, redacts, requireApp } from '../../foundation/services/resolve.js';
import type { EventSink, UnitOfWork } from '../../../kernel/unit-of-work.js';

/** Tuning of the addon feature. */
export interface AddonOptions {
  /** How long POST /addons waits for the provision job before answering with state `provisioning` (default 15 s). */
  waitMs?: number;
}

/** What the provision job payload carries (the user's parameters are sealed: they may hold secrets). */
export interface ProvisionPayload {
  addon_id: string;
  phase: 'provision' | 'bind' | 'poll';
  parameters: string | null;
  user: { id: string; username: string; email: string };
  pending?: unknown;
  [key: string]: unknown;
}

/** Error classes by stable code, to rethrow a failure a job recorded. */
const BY_CODE: Record<string, new (message: string) => PlatformError> = {
  not_found: NotFoundError,
  conflict: ConflictError,
  bad_request: BadRequestError,
  invalid_params: ValidationError,
  unprocessable_entity: UnprocessableError,
  forbidden: ForbiddenError,
  service_unavailable: DriverUnavailableError,
};

/** An app's view of one attachment: the addon details plus which attachment and app. */
export interface AttachmentView {
  details: AddonDetails;
  attachment: AddonAttachment;
  app: AppView;
}

/** Addon services and plans from every broker; addons and attachments of apps. */
export class AddonService {
  private readonly byName: Map<string, AddonBroker>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly brokers: AddonBroker[],
    private readonly box: SecretBox | null,
    private readonly catalog: PlatformCatalog,
    private readonly hooks: ConfigChangeHook[],
    private readonly jobs: JobRunner,
    private readonly options: AddonOptions = {},
  ) {
    this.byName = new Map(brokers.map((b) => [b.name, b]));
  }

  /** Every service of every broker (first broker wins a duplicate name); a broker that is down fails the call. */
  async services(): Promise<BrokerService[]> {
    const catalogs = await Promise.all(this.brokers.map(async (b) => ({ broker: b.name, catalog: await b.catalog() })));
    const seen = new Set<string>();
    const out: BrokerService[] = [];
    for (const { broker, catalog } of catalogs) {
      for (const service of catalog.services) {
        if (seen.has(service.name) || seen.has(service.id)) continue;
        seen.add(service.name);
        seen.add(service.id);
        out.push({ broker, service });
      }
    }
    return out;
  }

  /** One service by name or id. */
  async service(ref: string): Promise<BrokerService> {
    const r = ref.trim();
    const found = (await this.services()).find((s) => s.service.name === r || s.service.id === r);
    if (!found) throw new NotFoundError(`The addon service ${ref} was not found.`, 'addon_service');
    return found;
  }

  /** One plan of a service by id, plan name or `service:plan`, with the apps that have addons of it. */
  async plan(serviceRef: string, planRef: string): Promise<{ service: BrokerService; plan: BrokerPlan; provisionedBy: AppView[] }> {
    const service = await this.service(serviceRef);
    const r = planRef.trim();
    const short = r.startsWith(`${service.service.name}:`) ? r.slice(service.service.name.length + 1) : r;
    const plan = service.service.plans.find((p) => p.id === r || p.name === short);
    if (!plan) throw new NotFoundError(`The plan ${planRef} was not found in ${service.service.name}.`, 'plan');
    const provisionedBy = await this.uow.read(async (tx) => {
      const addons = await tx.addons.list({ plan_id: plan.id, exclude: ['deprovisioning'] }, defaultPage());
      const views: AppView[] = [];
      for (const a of addons) {
        const v = await tx.apps.find({ id: a.app_id });
        if (v && !views.some((x) => x.app.id === v.app.id)) views.push(v);
      }
      return views;
    });
    return { service, plan, provisionedBy };
  }

  /** Finds a plan across brokers: by plan id, or `service:plan` names (a bare service name when it has one plan). */
  private async resolve(ref: string): Promise<{ broker: AddonBroker; service: BrokerServiceOffering; plan: BrokerPlan }> {
    if (!this.brokers.length) throw new NotFoundError('No addon brokers are configured on this platform.', 'plan');
    let down: PlatformError | null = null;
    let miss: PlatformError | null = null;
    for (const broker of this.brokers) {
      let catalog;
      try {
        catalog = await broker.catalog();
      } catch (err) {
        if (!isPlatformError(err)) throw err;
        down ??= err;
        continue;
      }
      if (isUuid(ref.trim())) {
        for (const service of catalog.services) {
          const plan = service.plans.find((p) => p.id === ref.trim().toLowerCase() || p.id === ref.trim());
          if (plan) return { broker, service, plan };
        }
        miss ??= new NotFoundError(`The plan ${ref} was not found.`, 'plan');
        continue;
      }
      try {
        const { service, plan } = resolvePlan(catalog, ref, 'plan');
        return { broker, service, plan };
      } catch (err) {
        // A user error (several plans) is final only when this broker has the service.
        if (err instanceof ValidationError) throw err;
        if (!isPlatformError(err)) throw err;
        miss ??= err;
      }
    }
    // Unknown everywhere we could ask: when a broker did not answer, the plan may be there.
    throw down ?? miss!;
  }

  /** Provisions an addon for an app: recorded and queued in one transaction, then given a moment to settle. */
  async create(actor: Principal, appRef: string, input: { plan: string; attachment?: { name?: string | undefined } | undefined; parameters?: Record<string, unknown> | undefined }): Promise<AttachmentView> {
    const wanted = input.attachment?.name !== undefined ? checkAddonName(input.attachment.name, 'attachment.name') : null;
    // Fail fast on a bad app before asking brokers anything.
    await this.uow.read((tx) => requireApp(tx, appRef));
    const { broker, service, plan } = await this.resolve(input.plan);
    if (!this.box) throw new DriverUnavailableError('Addons need a secret key to store credentials; the platform has none configured.');
    const parameters = input.parameters ? this.box.sealJson(input.parameters) : null;
    const id = newId();
    await this.uow.run(actor, async (tx) => {
      const view = await requireApp(tx, appRef);
      const mine = await tx.addonAttachments.byApp(view.app.id);
      let name = wanted ?? generateAddonName(service.name);
      for (let i = 0; !wanted && (await tx.addons.find(name)) && i < 5; i++) name = generateAddonName(service.name);
      if (await tx.addons.find(name)) throw new ConflictError(`An addon named ${name} already exists.`, 'attachment.name');
      if (mine.some((a) => a.name === name)) throw new ConflictError(`The app already has an attachment named ${name}.`, 'attachment.name');
      const now = new Date();
      const addon: Addon = {
        id,
        name,
        app_id: view.app.id,
        broker: broker.name,
        service_id: service.id,
        service_name: service.name,
        plan_id: plan.id,
        plan_name: plan.name,
        price_cents: planPriceCents(plan.metadata),
        state: 'provisioning',
        state_description: '',
        failure_code: null,
        binding_id: plan.bindable ? newId() : null,
        credentials: null,
        created_at: now,
        updated_at: now,
        version: 1,
      };
      await tx.addons.insert(addon);
      await tx.addonAttachments.insert({
        id: newId(),
        addon_id: id,
        app_id: view.app.id,
        name,
        primary: !mine.some((a) => a.service_id === service.id && a.primary),
        owner: true,
        service_id: service.id,
        created_at: now,
        updated_at: now,
      });
      const payload: ProvisionPayload = { addon_id: id, phase: 'provision', parameters, user: { id: actor.id, username: actor.username, email: actor.email } };
      await enqueueJob(tx, ADDON_PROVISION, addonJobKey(id), payload);
    });
    this.jobs.wake();
    const settled = await this.waitForBroker(id);
    if (settled?.state === 'failed') {
      // Reported to the user right away, so nothing half-made is left listed; orphan clean-up is already queued.
      await this.uow.run(actor, async (tx) => {
        for (const a of await tx.addonAttachments.byAddon(id)) await tx.addonAttachments.delete(a.id);
        await tx.addons.delete(id);
      });
      const Err = BY_CODE[settled.failure_code ?? ''] ?? DriverUnavailableError;
      throw new Err(settled.state_description || `Provisioning ${settled.name} failed.`);
    }
    return this.uow.read(async (tx) => {
      const view = await requireApp(tx, appRef);
      const addon = await requireAddon(tx, id);
      return this.attachmentView(tx, addon, view);
    });
  }

  /** Waits until the provision job settled, or the broker took the operation asynchronously, or time ran out. */
  private async waitForBroker(id: string): Promise<Addon | null> {
    const until = Date.now() + (this.options.waitMs ?? 15_000);
    for (let delay = 20; ; delay = Math.min(250, delay * 2)) {
      const addon = await this.uow.read((tx) => tx.addons.find(id));
      if (!addon || addon.state !== 'provisioning' || addon.state_description !== '') return addon;
      if (Date.now() >= until) return addon;
      await sleep(delay);
    }
  }

  /** A page of every addon of every app. */
  async listAll(page: PageRequest): Promise<Page<AddonDetails>> {
    const rows = await this.uow.read(async (tx) => {
      const addons = await tx.addons.list({ exclude: ['deprovisioning'] }, page);
      return Promise.all(addons.map((a) => loadDetails(tx, this.box, a)));
    });
    return toPage(rows, page, (d) => (page.sort === 'name' ? d.addon.name : d.addon.id));
  }

  /** One addon by id or name with its vars (values redacted when its owner's space is socs or prod). */
  async get(ref: string): Promise<{ details: AddonDetails; config: Record<string, string> }> {
    return this.uow.read(async (tx) => {
      const details = await loadDetails(tx, this.box, await requireAddon(tx, ref));
      return { details, config: redacts(details.owner.space) ? maskValues(details.vars, REDACTED) : details.vars };
    });
  }

  /** A page of the addons an app owns. */
  async listByApp(appRef: string, page: PageRequest): Promise<{ app: AppView; page: Page<AddonDetails> }> {
    return this.uow.read(async (tx) => {
      const app = await requireApp(tx, appRef);
      const addons = await tx.addons.list({ app_id: app.app.id, exclude: ['deprovisioning'] }, page);
      const rows = await Promise.all(addons.map((a) => loadDetails(tx, this.box, a)));
      return { app, page: toPage(rows, page, (d) => (page.sort === 'name' ? d.addon.name : d.addon.id)) };
    });
  }

  /** One addon an app owns or has attached. */
  async getByApp(appRef: string, addonRef: string): Promise<AttachmentView> {
    return this.uow.read(async (tx) => {
      const app = await requireApp(tx, appRef);
      const addon = await requireAddon(tx, addonRef);
      return this.attachmentView(tx, addon, app);
    });
  }

  /** Promotes/demotes the owner's attachment and renames the addon (which changes a secondary's prefix). */
  async update(actor: Principal, appRef: string, addonRef: string, input: { primary?: boolean | undefined; attachment?: { name?: string | undefined } | undefined }): Promise<AttachmentView> {
    const name = input.attachment?.name !== undefined ? checkAddonName(input.attachment.name, 'attachment.name') : undefined;
    return this.uow.run(actor, async (tx, events) => {
      const app = await requireApp(tx, appRef);
      const view = await this.owned(tx, app, addonRef, 'changed');
      let addon = view.details.addon;
      if (name !== undefined && name !== addon.name) {
        const clash = await tx.addons.find(name);
        if (clash) throw new ConflictError(`An addon named ${name} already exists.`, 'attachment.name');
        addon = { ...addon, name, updated_at: new Date(), version: addon.version + 1 };
        await tx.addons.update(addon);
      }
      const attachment = await this.changeAttachment(tx, view, { primary: input.primary, name }, events);
      await events.emit('addon_update', attachmentEvent(app, addon, attachment), app.app.id);
      return this.attachmentView(tx, addon, app);
    });
  }

  /** Deletes an addon its app owns: gone from every app now, deprovisioned at the broker by a job. */
  async delete(actor: Principal, appRef: string, addonRef: string): Promise<AttachmentView> {
    return this.uow.run(actor, async (tx, events) => {
      const app = await requireApp(tx, appRef);
      const view = await this.owned(tx, app, addonRef, 'deleted');
      await removeAddon(tx, events, this.hooks, view.details);
      return view;
    }).finally(() => this.jobs.wake());
  }

  /** The config vars an addon injects (values redacted in socs/prod spaces). */
  async config(ref: string): Promise<Record<string, string>> {
    return (await this.get(ref)).config;
  }

  /** A page of an app's attachments of other apps' addons. */
  async attachments(appRef: string, page: PageRequest): Promise<Page<AttachmentView>> {
    return this.uow.read(async (tx) => {
      const app = await requireApp(tx, appRef);
      const rows = await tx.addonAttachments.list(app.app.id, { owner: false }, page);
      const views: AttachmentView[] = [];
      for (const attachment of rows) {
        const addon = await tx.addons.find(attachment.addon_id);
        if (addon) views.push({ details: await loadDetails(tx, this.box, addon), attachment, app });
      }
      return toPage(views, page, (v) => v.attachment.id);
    });
  }

  /** One attachment of an app by attachment id or name, or by the attached addon's id or name. */
  async attachment(appRef: string, ref: string): Promise<AttachmentView> {
    return this.uow.read(async (tx) => this.findAttachment(tx, await requireApp(tx, appRef), ref));
  }

  /** Attaches another app's addon; both apps must share space (and so region). */
  async attach(actor: Principal, appRef: string, input: { addon: string; app?: string | undefined; name?: string | undefined }): Promise<AttachmentView> {
    const name = input.name !== undefined ? checkAddonName(input.name, 'name') : undefined;
    return this.uow.run(actor, async (tx, events) => {
      const app = await requireApp(tx, input.app ?? appRef);
      const addon = await requireAddon(tx, input.addon);
      if (addon.state === 'failed') throw new UnprocessableError(`The addon ${addon.name} failed to provision and cannot be attached.`, 'addon');
      const details = await loadDetails(tx, this.box, addon);
      if (details.attachments.some((a) => a.app.app.id === app.app.id)) {
        throw new ConflictError(`The addon ${addon.name} is already ${addon.app_id === app.app.id ? 'owned by' : 'attached to'} this app.`, 'addon');
      }
      if (details.owner.space.id !== app.space.id || this.region(details.owner) !== this.region(app)) {
        throw new UnprocessableError(`The addon ${addon.name} is in space ${details.owner.space.name}; only apps of that space (and region) may attach it.`, 'app');
      }
      const mine = await tx.addonAttachments.byApp(app.app.id);
      const chosen = name ?? addon.name;
      if (mine.some((a) => a.name === chosen)) throw new ConflictError(`The app already has an attachment named ${chosen}.`, 'name');
      const now = new Date();
      const attachment: AddonAttachment = {
        id: newId(),
        addon_id: addon.id,
        app_id: app.app.id,
        name: chosen,
        primary: !mine.some((a) => a.service_id === addon.service_id && a.primary),
        owner: false,
        service_id: addon.service_id,
        created_at: now,
        updated_at: now,
      };
      await guardAttachments(tx, app);
      await tx.addonAttachments.insert(attachment);
      await events.emit('addon_attach', attachmentEvent(app, addon, attachment), app.app.id);
      if (Object.keys(details.vars).length) await notifyApps(tx, this.hooks, [app], `Attach ${addon.name} addon`, events);
      return { details: await loadDetails(tx, this.box, addon), attachment, app };
    });
  }

  /** Promotes/demotes or renames an attachment of another app's addon. */
  async updateAttachment(actor: Principal, appRef: string, ref: string, input: { primary?: boolean | undefined; name?: string | undefined }): Promise<AttachmentView> {
    const name = input.name !== undefined ? checkAddonName(input.name, 'name') : undefined;
    return this.uow.run(actor, async (tx, events) => {
      const app = await requireApp(tx, appRef);
      const view = await this.findAttachment(tx, app, ref);
      const attachment = await this.changeAttachment(tx, view, { primary: input.primary, name }, events);
      await events.emit('addon_attachment_update', attachmentEvent(app, view.details.addon, attachment), app.app.id);
      return { details: await loadDetails(tx, this.box, view.details.addon), attachment, app };
    });
  }

  /** Detaches another app's addon; the owner cannot detach (it deletes the addon instead). */
  async detach(actor: Principal, appRef: string, ref: string): Promise<AttachmentView> {
    return this.uow.run(actor, async (tx, events) => {
      const app = await requireApp(tx, appRef);
      const view = await this.findAttachment(tx, app, ref);
      if (view.attachment.owner) throw new UnprocessableError(`The app owns ${view.details.addon.name}; delete the addon instead of detaching it.`, 'addon');
      await guardAttachments(tx, app);
      if (!(await tx.addonAttachments.delete(view.attachment.id))) throw new ConcurrencyError(`the attachment ${view.attachment.id} was deleted concurrently`);
      await events.emit('addon_detach', attachmentEvent(app, view.details.addon, view.attachment), app.app.id);
      if (view.attachment.primary) await promoteNext(tx, app.app.id, view.attachment.service_id, view.attachment.id);
      if (Object.keys(view.details.vars).length) await notifyApps(tx, this.hooks, [app], `Detach ${view.details.addon.name} addon`, events);
      return view;
    });
  }

  private region(view: AppView): string {
    return this.catalog.stacks.find((s) => s.name === view.space.stack)?.region ?? view.space.stack;
  }

  /** The addon as `app` sees it: its attachment (owned or attached), or 404. */
  private async attachmentView(tx: StoreTx, addon: Addon, app: AppView): Promise<AttachmentView> {
    const details = await loadDetails(tx, this.box, addon);
    const mine = details.attachments.find((a) => a.app.app.id === app.app.id);
    if (!mine) throw new NotFoundError(`The addon ${addon.name} is not attached to ${app.app.name}.`, 'addon');
    return { details, attachment: mine.attachment, app };
  }

  /** An addon the app owns; an attached app is refused (it may only detach). */
  private async owned(tx: StoreTx, app: AppView, ref: string, verb: string): Promise<AttachmentView> {
    const view = await this.attachmentView(tx, await requireAddon(tx, ref), app);
    if (!view.attachment.owner) {
      throw new ForbiddenError(`The addon ${view.details.addon.name} is owned by another app and cannot be ${verb} here; detach it through addon-attachments.`, 'addon');
    }
    return view;
  }

  private async findAttachment(tx: StoreTx, app: AppView, ref: string): Promise<AttachmentView> {
    const r = isUuid(ref) ? ref.toLowerCase() : normalizeName(ref);
    const mine = await tx.addonAttachments.byApp(app.app.id);
    let attachment = mine.find((a) => a.id === r || a.name === r);
    if (!attachment) {
      const addon = await tx.addons.find(r);
      attachment = addon ? mine.find((a) => a.addon_id === addon.id) : undefined;
    }
    const addon = attachment ? await tx.addons.find(attachment.addon_id) : null;
    if (!attachment || !addon || addon.state === 'deprovisioning') throw new NotFoundError(`The addon attachment ${ref} was not found.`, 'attachment');
    return { details: await loadDetails(tx, this.box, addon), attachment, app };
  }

  /** Applies a primary flag and a rename to one attachment, keeping one primary per service and app. */
  private async changeAttachment(tx: StoreTx, view: AttachmentView, input: { primary?: boolean | undefined; name?: string | undefined }, events?: EventSink): Promise<AddonAttachment> {
    const before = view.attachment;
    let next = { ...before };
    if (input.name !== undefined && input.name !== before.name) {
      const clash = (await tx.addonAttachments.byApp(before.app_id)).some((a) => a.id !== before.id && a.name === input.name);
      if (clash) throw new ConflictError(`The app already has an attachment named ${input.name}.`, 'name');
      next.name = input.name;
    }
    if (input.primary !== undefined) next.primary = input.primary;
    if (next.name === before.name && next.primary === before.primary) return before;
    next = { ...next, updated_at: new Date() };
    await guardAttachments(tx, view.app);
    if (next.primary && !before.primary) await makePrimary(tx, next);
    await tx.addonAttachments.update(next);
    if (!next.primary && before.primary) await promoteNext(tx, next.app_id, next.service_id, next.id);
    if (Object.keys(view.details.vars).length) await notifyApps(tx, this.hooks, [view.app], `Update ${view.details.addon.name} addon attachment`, events);
    return next;
  }
}

/**
 * Serialises changes to one app's attachments (one primary per service): each change bumps the app's
 * version, so of two concurrent changes one loses with ConcurrencyError and its unit of work re-runs
 * from a fresh read.
 */
async function guardAttachments(tx: StoreTx, view: AppView): Promise<void> {
  const current = await tx.apps.find({ id: view.app.id });
  if (!current) throw new NotFoundError(`The app ${view.app.name} was not found.`, 'app');
  await tx.apps.update({ ...current.app, version: current.app.version + 1, updated_at: new Date() });
}

/** The audit payload of an attachment change. */
function attachmentEvent(app: AppView, addon: Addon, attachment: AddonAttachment) {
  return {
    ...eventSubject(app),
    addon: { id: addon.id, name: addon.name },
    attachment: { id: attachment.id, name: attachment.name, primary: attachment.primary },
  };
}
