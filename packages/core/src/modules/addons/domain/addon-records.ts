import { randomInt } from 'node:crypto';
import { ValidationError } from '../../../errors.js';
import { CONFIG_KEY } from '../../foundation/domain/names.js';

/** Lifecycle of an addon: provisioning until the broker has it and it is bound; deprovisioning once deleted. */
export type AddonState = 'provisioning' | 'provisioned' | 'failed' | 'deprovisioning';

/** A service instance provisioned at a broker for an owning app. */
export interface Addon {
  id: string;
  /** Globally unique, lowercase; the default attachment name of every app using it. */
  name: string;
  /** The owning app: the only one that may delete it. */
  app_id: string;
  /** Name of the broker the instance lives at. */
  broker: string;
  service_id: string;
  service_name: string;
  plan_id: string;
  plan_name: string;
  /** Monthly price in cents when it was created (from the plan's OSB metadata.costs). */
  price_cents: number;
  state: AddonState;
  /** Why it failed, or what it is waiting for (shown to the user). */
  state_description: string;
  /** Stable code of the error class when it failed (maps back to an HTTP status). */
  failure_code: string | null;
  /** The one binding whose credentials every attached app receives; null for unbindable plans. */
  binding_id: string | null;
  /** Credentials, sealed with the platform's secret key; null until bound. */
  credentials: string | null;
  created_at: Date;
  updated_at: Date;
  /** Optimistic-concurrency counter, bumped on every update. */
  version: number;
}

/** One app's use of an addon: the owner's own, or another app's attachment. */
export interface AddonAttachment {
  id: string;
  addon_id: string;
  app_id: string;
  /** Unique per app; secondary attachments prefix their config vars with it. */
  name: string;
  /** The primary attachment of a service in an app gets unprefixed vars (DATABASE_URL). */
  primary: boolean;
  /** True for the owning app's attachment, which cannot be detached (only the addon deleted). */
  owner: boolean;
  /** The addon's service, copied so primaries are found per service without a join. */
  service_id: string;
  created_at: Date;
  updated_at: Date;
}

/** Addon and attachment names: lowercase letters, digits and inner dashes. */
export const ADDON_NAME = /^[a-z][a-z0-9-]{0,62}[a-z0-9]$|^[a-z]$/;

/** Checks a user-chosen addon or attachment name (case-insensitive) and returns it lowercase. */
export function checkAddonName(raw: string, field: string): string {
  const name = raw.trim().toLowerCase();
  if (!ADDON_NAME.test(name) || name.includes('--')) {
    throw new ValidationError(`${field} must be 1-64 letters, digits and single inner dashes, starting with a letter`, field);
  }
  return name;
}

const WORDS = ['amber', 'birch', 'cedar', 'delta', 'ember', 'fire', 'grove', 'harbor', 'iris', 'jade', 'kite', 'lumen', 'maple', 'north', 'onyx', 'pine', 'quartz', 'river', 'shock', 'tide'];

/** A generated addon name in the seed's style (`postgresql-fire-3242`). */
export function generateAddonName(serviceName: string): string {
  const base = serviceName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'addon';
  const start = /^[a-z]/.test(base) ? base : `a-${base}`;
  return `${start}-${WORDS[randomInt(WORDS.length)]}-${randomInt(1000, 10000)}`;
}

/**
 * The prefix of a secondary attachment's vars: its name without the service name, upper-cased with
 * dashes as underscores (the seed's `alamo-postgres-abcdef-1235` gives `ABCDEF_1235_DATABASE_URL`).
 */
export function secondaryPrefix(attachmentName: string, serviceName: string): string {
  const service = serviceName.toLowerCase();
  const rest = attachmentName.startsWith(`${service}-`) && attachmentName.length > service.length + 1 ? attachmentName.slice(service.length + 1) : attachmentName;
  return `${rest.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_`;
}

/** Turns broker credentials into config vars: strings as is, other values as JSON; keys that are no env names are dropped. */
export function credentialVars(credentials: Record<string, unknown>): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [key, value] of Object.entries(credentials)) {
    if (!CONFIG_KEY.test(key) || value === undefined || value === null) continue;
    vars[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return vars;
}

/** The vars one attachment contributes to its app: plain when primary, prefixed otherwise. */
export function attachmentVars(attachment: Pick<AddonAttachment, 'name' | 'primary'>, serviceName: string, vars: Record<string, string>): Record<string, string> {
  if (attachment.primary) return { ...vars };
  const prefix = secondaryPrefix(attachment.name, serviceName);
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [prefix + k, v]));
}

/** The monthly price of a plan from OSB `metadata.costs` (first USD amount), in cents; 0 when unpriced. */
export function planPriceCents(metadata: Record<string, unknown>): number {
  const costs = metadata.costs;
  if (!Array.isArray(costs)) return 0;
  for (const cost of costs) {
    const usd = (cost as { amount?: { usd?: unknown } } | null)?.amount?.usd;
    if (typeof usd === 'number' && Number.isFinite(usd)) return Math.round(usd * 100);
  }
  return 0;
}
