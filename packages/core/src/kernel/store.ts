import type { InjectionToken } from 'tsyringe';
import type { App, AppView, AuditEntry, ConfigOwner, Job, Organization, Space } from '../modules/foundation/domain/records.js';
import type { PageRequest } from './paging.js';
import type { Hook, HookDelivery } from '../modules/webhooks/domain/hooks.js';
import type { Addon, AddonAttachment } from '../modules/addons/domain/addon-records.js';
import type { Build, Formation, Release, Slug } from '../modules/deploys/domain/deploys.js';

/**
 * Persistence of every aggregate. Lists take a PageRequest and return up to `max + 1` rows in the
 * requested order, so the caller can tell whether another page follows.
 * Adapters translate native errors: unique violations become ConflictError, lost optimistic
 * races ConcurrencyError.
 */
export interface Store {
  /** Runs `fn` in one database transaction; everything it wrote is kept only if it returns. */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Runs read-only `fn` without opening a transaction (cheaper for single reads). */
  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Releases connections. */
  close(): Promise<void>;
}

/** The repositories visible inside one unit of work. */
export interface StoreTx {
  organizations: OrganizationRepo;
  spaces: SpaceRepo;
  apps: AppRepo;
  configVars: ConfigVarRepo;
  features: FeatureRepo;
  audits: AuditRepo;
  jobs: JobRepo;
  hooks: HookRepo;
  hookDeliveries: HookDeliveryRepo;
  seenEvents: SeenEventRepo;
  addons: AddonRepo;
  addonAttachments: AddonAttachmentRepo;
  builds: BuildRepo;
  slugs: SlugRepo;
  releases: ReleaseRepo;
  formations: FormationRepo;
}

/** Organizations. */
export interface OrganizationRepo {
  /** Inserts; ConflictError when the name is taken. */
  insert(org: Organization): Promise<void>;
  /** By id or (lowercase) name. */
  find(idOrName: string): Promise<Organization | null>;
  /** Ordered by `page.sort` (`id` or `name`). */
  list(page: PageRequest): Promise<Organization[]>;
}

/** Spaces. */
export interface SpaceRepo {
  /** Inserts; ConflictError when the name is taken. */
  insert(space: Space): Promise<void>;
  /** By id or (lowercase) name. */
  find(idOrName: string): Promise<Space | null>;
  /** Ordered by `page.sort` (`id` or `name`). */
  list(page: PageRequest): Promise<Space[]>;
  /** Writes `space` if its stored version is `space.version - 1`; ConcurrencyError otherwise. */
  update(space: Space): Promise<void>;
}

/** How an app is looked up: by id, or by name within a space. */
export type AppRef = { id: string } | { name: string; space: string };

/** Apps. */
export interface AppRepo {
  /** Inserts; ConflictError when the name is taken in that space. */
  insert(app: App): Promise<void>;
  /** One app joined with its space and organization. */
  find(ref: AppRef): Promise<AppView | null>;
  /** Ordered by `page.sort` (`id` or `name`), optionally only one space's. */
  list(filter: { space_id?: string }, page: PageRequest): Promise<AppView[]>;
  /** Writes `app` if its stored version is `app.version - 1`; ConcurrencyError otherwise. */
  update(app: App): Promise<void>;
  /** Removes the app row (the service removes what it owns first). */
  delete(id: string): Promise<void>;
}

/** Config vars, one row per key, so concurrent writers of different keys never collide. */
export interface ConfigVarRepo {
  /** All vars of one owner. */
  get(owner: ConfigOwner): Promise<Record<string, string>>;
  /** Upserts string values and deletes keys set to null, row by row. */
  patch(owner: ConfigOwner, changes: Record<string, string | null>): Promise<void>;
  /** Removes every var of the owner. */
  clear(owner: ConfigOwner): Promise<void>;
}

/** Per-app feature switches; absent rows mean the catalog default. */
export interface FeatureRepo {
  /** Explicit switches of one app, by feature name. */
  get(appId: string): Promise<Record<string, boolean>>;
  /** Sets one switch (upsert). */
  set(appId: string, name: string, enabled: boolean): Promise<void>;
  /** Removes every switch of the app. */
  clear(appId: string): Promise<void>;
}

/** Filters of the audit log; names are matched exactly (they are stored lowercase). */
export interface AuditFilter {
  app_id?: string;
  app_name?: string;
  space_name?: string;
  username?: string;
}

/** The audit log (append-only). */
export interface AuditRepo {
  /** Appends one entry. */
  insert(entry: AuditEntry): Promise<void>;
  /** Entries matching every given filter, ordered by id (= time). */
  list(filter: AuditFilter, page: PageRequest): Promise<AuditEntry[]>;
}

/** Durable jobs with leases: a crashed worker's job is claimed again once its lease expires. */
export interface JobRepo {
  /** Adds a queued job. */
  enqueue(job: Job): Promise<void>;
  /**
   * Claims the oldest runnable job of the given kinds (queued and due, or running with an expired
   * lease) whose key has no older unfinished job, leasing it to `owner` until `leaseUntil`.
   * Safe against concurrent claimers (SKIP LOCKED on PostgreSQL). Null when none is runnable.
   */
  claim(kinds: string[], owner: string, now: Date, leaseUntil: Date): Promise<Job | null>;
  /** Writes a job the caller holds the lease on; ConcurrencyError when the lease was lost. */
  save(job: Job, owner: string): Promise<void>;
  /** One job by id. */
  get(id: string): Promise<Job | null>;
  /** Jobs of one kind and key, oldest first (to show progress or dedupe). */
  byKey(kind: string, key: string): Promise<Job[]>;
}

/** Keys of events already handled, so several controllers observing one engine announce each event once. */
export interface SeenEventRepo {
  /** Records `key`; true for the first caller, false when it was recorded before (by anyone). */
  remember(key: string, at: Date): Promise<boolean>;
  /** Forgets keys recorded before `before` (they will not be observed again). */
  forget(before: Date): Promise<number>;
}

/** Webhook subscriptions of apps. */
export interface HookRepo {
  /** Inserts a hook. */
  insert(hook: Hook): Promise<void>;
  /** One hook of one app; null when absent or of another app. */
  get(appId: string, id: string): Promise<Hook | null>;
  /** A page of an app's hooks, ordered by `page.sort` (`id`). */
  list(appId: string, page: PageRequest): Promise<Hook[]>;
  /** Every active hook of the app whose events include `event`, oldest first. */
  subscribed(appId: string, event: string): Promise<Hook[]>;
  /** Overwrites a hook (hooks have a single writer: their app's owner). */
  update(hook: Hook): Promise<void>;
  /** Removes a hook. */
  delete(id: string): Promise<void>;
  /** Removes every hook of an app. */
  deleteByApp(appId: string): Promise<void>;
}

/** Webhook deliveries ("results"), one per event and hook. */
export interface HookDeliveryRepo {
  /** Inserts a delivery (in the transaction of the change it reports). */
  insert(delivery: HookDelivery): Promise<void>;
  /** One delivery by id. */
  get(id: string): Promise<HookDelivery | null>;
  /** A page of a hook's deliveries, ordered by `page.sort` (`id`). */
  list(hookId: string, page: PageRequest): Promise<HookDelivery[]>;
  /** Overwrites a delivery's status and attempts. */
  update(delivery: HookDelivery): Promise<void>;
  /** Removes every delivery of a hook. */
  deleteByHook(hookId: string): Promise<void>;
  /** Removes every delivery of an app. */
  deleteByApp(appId: string): Promise<void>;
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
  /** Removes the addon row. */
  delete(id: string): Promise<void>;
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
  /** Removes one attachment. */
  delete(id: string): Promise<void>;
}

/** DI token of the Store. */
export const STORE: InjectionToken<Store> = Symbol.for('slipway.Store');

/** Builds of apps and their log lines. */
export interface BuildRepo {
  /** Inserts a build. */
  insert(build: Build): Promise<void>;
  /** One build by id, whatever its app (the build job knows only the id). */
  find(id: string): Promise<Build | null>;
  /** One build of one app; null when absent or of another app. */
  get(appId: string, id: string): Promise<Build | null>;
  /** A page of an app's builds, ordered by `page.sort` (`id`). */
  list(appId: string, page: PageRequest): Promise<Build[]>;
  /** Writes `build` only while the stored one is still pending; false when it was settled meanwhile (stopped). */
  settle(build: Build): Promise<boolean>;
  /** Appends log lines after the ones already kept. */
  appendLines(buildId: string, lines: string[]): Promise<void>;
  /** Every kept log line of a build, in order. */
  lines(buildId: string): Promise<string[]>;
  /** Archives (forgets) the source URLs of all but the `keep` newest builds of an app. */
  archiveSources(appId: string, keep: number): Promise<void>;
  /** Removes every build (and log line) of an app. */
  deleteByApp(appId: string): Promise<void>;
}

/** Slugs: the images builds produce. */
export interface SlugRepo {
  /** Inserts a slug. */
  insert(slug: Slug): Promise<void>;
  /** One slug by id. */
  get(id: string): Promise<Slug | null>;
  /** Removes the slugs an app's builds produced, except those another app's releases still use. */
  deleteByApp(appId: string): Promise<void>;
}

/** Releases of apps, numbered per app. */
export interface ReleaseRepo {
  /** Inserts; ConcurrencyError when the version was taken by a concurrent release (re-run to renumber). */
  insert(release: Release): Promise<void>;
  /** One release of one app. */
  get(appId: string, id: string): Promise<Release | null>;
  /** The app's newest release (highest version), the one that runs. */
  current(appId: string): Promise<Release | null>;
  /** A page of an app's releases, ordered by `page.sort` (`id` or `version`). */
  list(appId: string, page: PageRequest): Promise<Release[]>;
  /** Records when a release first ran completely; false when it already was. */
  markReleased(id: string, at: Date): Promise<boolean>;
  /** Removes every release of an app. */
  deleteByApp(appId: string): Promise<void>;
}

/** Formations: process types of apps. */
export interface FormationRepo {
  /** Inserts; ConflictError when the app already has this type. */
  insert(formation: Formation): Promise<void>;
  /** One process type of one app. */
  get(appId: string, type: string): Promise<Formation | null>;
  /** Every process type of an app, ordered by type. */
  list(appId: string): Promise<Formation[]>;
  /** Overwrites a formation. */
  update(formation: Formation): Promise<void>;
  /** Removes one process type. */
  delete(id: string): Promise<void>;
  /** Removes every process type of an app. */
  deleteByApp(appId: string): Promise<void>;
}
