import { z } from 'zod';
import type { Addon, AddonAttachment } from '../domain/addon-records.js';
import type { BrokerPlan, BrokerServiceOffering } from '../domain/addons.js';
import { planPriceCents } from '../domain/addon-records.js';
import type { PlatformCatalog } from '../../foundation/domain/catalog.js';
import { appKey } from '../../foundation/domain/names.js';
import type { AppView } from '../../foundation/domain/records.js';
import type { AddonChangeItem } from '../../../kernel/payloads.js';
import { IdName, Instant, requiredString } from '../../../kernel/schemas.js';

const Name = z.string({ error: 'name must be a string' }).min(1, 'name must not be empty').max(64);

/** POST /apps/{app}/addons body; `parameters` (an extension) is passed to the broker's provision. */
export const AddonCreate = z.object({
  plan: requiredString('plan').max(200),
  attachment: z.object({ name: Name.optional() }, { error: 'attachment must be an object' }).optional(),
  parameters: z.record(z.string(), z.unknown(), { error: 'parameters must be an object' }).optional(),
});

/** PATCH /apps/{app}/addons/{addon} body: promote/demote and rename. */
export const AddonUpdate = z.object({
  primary: z.boolean({ error: 'primary must be a boolean' }).optional(),
  attachment: z.object({ name: Name.optional() }, { error: 'attachment must be an object' }).optional(),
});

/** POST /apps/{app}/addon-attachments body: the addon (id or name), the app to attach it to, an optional name. */
export const AttachmentCreate = z.object({
  addon: requiredString('addon').max(200),
  app: z.string({ error: 'app must be a string' }).min(1, 'app must not be empty').max(100).optional(),
  // The Akkeris CLI sends `name: null` without --as, and `force` (plugins/addons/index.js, attach).
  name: Name.nullable().optional(),
  force: z.boolean({ error: 'force must be a boolean' }).optional(),
});

/** PATCH /apps/{app}/addon-attachments/{attachment} body. */
export const AttachmentUpdate = z.object({
  primary: z.boolean({ error: 'primary must be a boolean' }).optional(),
  name: Name.optional(),
});

/** An addon service as the API shows it. */
export const AddonServiceResponse = z
  .object({
    cli_plugin_name: z.string(),
    created_at: Instant,
    human_name: z.string(),
    id: z.string(),
    name: z.string(),
    state: z.string(),
    description: z.string(),
    available_regions: z.array(z.string()),
    supports_multiple_installations: z.boolean(),
    supports_sharing: z.boolean(),
    updated_at: Instant,
  })
  .meta({ id: 'AddonService' });

/** A plan of an addon service as the API shows it. */
export const AddonPlanResponse = z
  .object({
    attributes: z.record(z.string(), z.unknown()),
    addon_service: IdName,
    created_at: Instant,
    default: z.boolean(),
    description: z.string(),
    human_name: z.string(),
    id: z.string(),
    installable_inside_private_network: z.boolean(),
    installable_outside_private_network: z.boolean(),
    name: z.string(),
    price: z.object({ cents: z.number().int(), unit: z.string() }),
    space_default: z.boolean(),
    state: z.string(),
    updated_at: Instant,
    provisioned_by: z.array(IdName).optional(),
  })
  .meta({ id: 'AddonPlan' });

const Attached = z.object({ id: z.string(), name: z.string(), owner: z.boolean() });

/** An addon as the API shows it; list-all leaves out state, attachments and config vars (the newer seed). */
export const AddonResponse = z
  .object({
    actions: z.null(),
    addon_service: IdName,
    app: IdName,
    billed_price: z.object({ cents: z.number().int(), unit: z.string(), contract: z.boolean() }),
    config_vars: z.union([z.array(z.string()), z.record(z.string(), z.string())]).optional(),
    created_at: Instant,
    id: z.string(),
    name: z.string(),
    plan: IdName,
    primary: z.boolean(),
    provider_id: z.string(),
    state: z.string().optional(),
    state_description: z.string().optional(),
    updated_at: Instant,
    web_url: z.string(),
    attached_to: z.array(Attached).optional(),
  })
  .meta({ id: 'Addon' });

/** GET /addons/{addon}/config: the vars the addon injects (values redacted in socs/prod spaces). */
export const AddonConfigResponse = z.record(z.string(), z.string()).meta({ id: 'AddonConfig' });

/** An attachment as the API shows it: the addon (owned by `addon.app`) and the app it is attached to. */
export const AttachmentResponse = z
  .object({
    addon: z.object({
      actions: z.null(),
      addon_service: IdName,
      app: IdName,
      config_vars: z.array(z.string()),
      created_at: Instant,
      id: z.string(),
      name: z.string(),
      plan: IdName,
    }),
    app: IdName,
    created_at: Instant,
    updated_at: Instant,
    id: z.string(),
    name: z.string(),
    primary: z.boolean(),
  })
  .meta({ id: 'AddonAttachment' });

/** A service offering together with the broker it comes from. */
export interface BrokerService {
  broker: string;
  service: BrokerServiceOffering;
}

/** An addon with what its representations need: its owner, who uses it, and the vars it injects. */
export interface AddonDetails {
  addon: Addon;
  owner: AppView;
  attachments: Array<{ attachment: AddonAttachment; app: AppView }>;
  /** Unprefixed credential vars (empty until provisioned). */
  vars: Record<string, string>;
}

const appRef = (v: AppView) => ({ id: v.app.id, name: appKey(v.app.name, v.space.name) });
const title = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const text = (v: unknown, fallback: string) => (typeof v === 'string' && v ? v : fallback);

/** Wire shape of an addon service. */
export function presentAddonService(s: BrokerService, c: PlatformCatalog): z.infer<typeof AddonServiceResponse> {
  const at = c.definedAt.toISOString();
  const meta = s.service.metadata;
  return {
    cli_plugin_name: text(meta.cli_plugin_name, s.service.tags[0] ?? s.service.name),
    created_at: at,
    human_name: text(meta.displayName, title(s.service.name)),
    id: s.service.id,
    name: s.service.name,
    state: 'ga',
    description: s.service.description,
    available_regions: c.regions.map((r) => r.name),
    supports_multiple_installations: true,
    supports_sharing: true,
    updated_at: at,
  };
}

/** Wire shape of a plan (`provisioned_by` only on the single-plan endpoint). */
export function presentAddonPlan(service: BrokerServiceOffering, plan: BrokerPlan, c: PlatformCatalog, provisionedBy?: AppView[]): z.infer<typeof AddonPlanResponse> {
  const at = c.definedAt.toISOString();
  const attributes = plan.metadata.attributes;
  return {
    attributes: attributes && typeof attributes === 'object' && !Array.isArray(attributes) ? (attributes as Record<string, unknown>) : {},
    addon_service: { id: service.id, name: service.name },
    created_at: at,
    default: false,
    description: plan.description,
    human_name: text(plan.metadata.displayName, title(plan.name)),
    id: plan.id,
    installable_inside_private_network: true,
    installable_outside_private_network: true,
    name: `${service.name}:${plan.name}`,
    price: { cents: planPriceCents(plan.metadata), unit: 'month' },
    space_default: false,
    state: 'public',
    updated_at: at,
    ...(provisionedBy ? { provisioned_by: provisionedBy.map(appRef) } : {}),
  };
}

/** Which variant of the addon representation an endpoint answers with. */
export type AddonShape =
  /** GET /addons: no state, attachments nor vars. */
  | { kind: 'list' }
  /** GET /addons/{id}: config vars with (possibly redacted) values. */
  | { kind: 'detail'; config: Record<string, string> }
  /** App-scoped endpoints: the var names as that app sees them. */
  | { kind: 'app'; app: AppView; varNames: string[] };

/** Wire shape of an addon; `primary` is the owner's (or, app-scoped, that app's) attachment flag. */
export function presentAddon(d: AddonDetails, shape: AddonShape): z.infer<typeof AddonResponse> {
  const { addon, owner } = d;
  const viewer = shape.kind === 'app' ? shape.app.app.id : owner.app.id;
  const mine = d.attachments.find((a) => a.app.app.id === viewer)?.attachment;
  const base = {
    actions: null,
    addon_service: { id: addon.service_id, name: addon.service_name },
    app: appRef(owner),
    billed_price: { cents: addon.price_cents, unit: 'month', contract: false },
    created_at: addon.created_at.toISOString(),
    id: addon.id,
    name: addon.name,
    plan: { id: addon.plan_id, name: `${addon.service_name}:${addon.plan_name}` },
    primary: mine?.primary ?? false,
    provider_id: addon.broker,
    updated_at: addon.updated_at.toISOString(),
    web_url: `/apps/${appRef(owner).name}`,
  };
  if (shape.kind === 'list') return base;
  return {
    ...base,
    config_vars: shape.kind === 'detail' ? shape.config : shape.varNames,
    state: addon.state,
    state_description: addon.state_description,
    attached_to: d.attachments.map((a) => ({ ...appRef(a.app), owner: a.attachment.owner })),
  };
}

/** Wire shape of an attachment. */
export function presentAttachment(d: AddonDetails, attachment: AddonAttachment, app: AppView, varNames: string[]): z.infer<typeof AttachmentResponse> {
  const { addon, owner } = d;
  return {
    addon: {
      actions: null,
      addon_service: { id: addon.service_id, name: addon.service_name },
      app: appRef(owner),
      config_vars: varNames,
      created_at: addon.created_at.toISOString(),
      id: addon.id,
      name: addon.name,
      plan: { id: addon.plan_id, name: `${addon.service_name}:${addon.plan_name}` },
    },
    app: appRef(app),
    created_at: attachment.created_at.toISOString(),
    updated_at: attachment.updated_at.toISOString(),
    id: attachment.id,
    name: attachment.name,
    primary: attachment.primary,
  };
}

/** One addon as `addon_change` reports it. */
export function presentAddonChange(addon: Addon, owner: AppView, varNames: string[]): AddonChangeItem {
  return {
    actions: null,
    addon_service: { id: addon.service_id, name: addon.service_name },
    config_vars: varNames,
    created_at: addon.created_at.toISOString(),
    id: addon.id,
    name: addon.name,
    plan: { id: addon.plan_id, name: `${addon.service_name}:${addon.plan_name}` },
    provider_id: addon.broker,
    updated_at: addon.updated_at.toISOString(),
    web_url: `/apps/${appRef(owner).name}`,
  };
}
