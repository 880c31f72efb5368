import type { Addon, AddonAttachment } from './domain/addon-records.js';
import type { PageRequest } from '../../kernel/paging.js';

declare module '../../kernel/store.js' {
  /** The addons module's repositories, present in every unit of work. */
  interface StoreTx {
    addons: AddonRepo;
    addonAttachments: AddonAttachmentRepo;
  }
}

/** Addons (service instances at brokers) with their sealed credentials. */
export interface AddonRepo {
  /** Inserts; ConflictError when the name is taken. */
  insert(addon: Addon): Promise<void>;
  /** By id or (lowercase) name. */
  find(idOrName: string): Promise<Addon | null>;
  /** A page of addons, optionally of one owning app or plan, leaving out those in `exclude` states; ordered by `page.sort` (`id` or `name`). */
  list(filter: { app_id?: string; plan_id?: string; exclude?: Addon['state'][] }, page: PageRequest): Promise<Addon[]>;
  /** Writes `addon` if its stored version is `addon.version - 1`; ConcurrencyError otherwise. */
  update(addon: Addon): Promise<void>;
  /** Removes the addon row; false when it was already gone (a concurrent delete won). */
  delete(id: string): Promise<boolean>;
}

/** Which apps use which addons, under which name, and whether as primary. */
export interface AddonAttachmentRepo {
  /** Inserts; ConflictError when the app already has the addon or the name. */
  insert(attachment: AddonAttachment): Promise<void>;
  /** By id. */
  get(id: string): Promise<AddonAttachment | null>;
  /** Every attachment of one app, oldest first. */
  byApp(appId: string): Promise<AddonAttachment[]>;
  /** Every attachment of one addon, oldest first. */
  byAddon(addonId: string): Promise<AddonAttachment[]>;
  /** A page of an app's attachments, optionally leaving out its own addons'; ordered by `page.sort` (`id`). */
  list(appId: string, filter: { owner?: boolean }, page: PageRequest): Promise<AddonAttachment[]>;
  /** Overwrites name and primary. */
  update(attachment: AddonAttachment): Promise<void>;
  /** Removes one attachment; false when it was already gone (a concurrent delete won). */
  delete(id: string): Promise<boolean>;
}
