import type { App, AppView, AuditEntry, ConfigOwner, Favorite, Organization, Space } from './domain/records.js';
import type { PageRequest } from '../../kernel/paging.js';

declare module '../../kernel/store.js' {
  /** The foundation module's repositories, present in every unit of work. */
  interface StoreTx {
    organizations: OrganizationRepo;
    spaces: SpaceRepo;
    apps: AppRepo;
    configVars: ConfigVarRepo;
    features: FeatureRepo;
    audits: AuditRepo;
    favorites: FavoriteRepo;
  }
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
  /** Removes the app row (the service removes what it owns first); false when it was already gone. */
  delete(id: string): Promise<boolean>;
  /** How many apps each of these spaces holds (a space with none is absent or 0). */
  countBySpace(spaceIds: string[]): Promise<Record<string, number>>;
}

/** Config vars, one row per key, so concurrent writers of different keys never collide. */
export interface ConfigVarRepo {
  /** All vars of one owner. */
  get(owner: ConfigOwner): Promise<Record<string, string>>;
  /** All vars of two owners (an app's space and the app) with one query, in the order given. */
  getBoth(first: ConfigOwner, second: ConfigOwner): Promise<[Record<string, string>, Record<string, string>]>;
  /**
   * The vars of an app's space and of the app, as `[space, app]`, with one query that also confirms the app: null
   * when no app `appId` is in space `spaceId` (it was deleted since the caller looked it up).
   */
  ofApp(appId: string, spaceId: string): Promise<[Record<string, string>, Record<string, string>] | null>;
  /**
   * `ofApp`, then `patch` of the app's own vars: answers the vars as they were before the patch. On null (no such app in
   * that space) the caller must not commit: a store may have written already, reading and writing in one statement.
   */
  patchOfApp(appId: string, spaceId: string, changes: Record<string, string | null>): Promise<[Record<string, string>, Record<string, string>] | null>;
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

/** Each user's favorite apps. */
export interface FavoriteRepo {
  /** Marks an app a favorite of a user; false when it already was. */
  add(favorite: Favorite): Promise<boolean>;
  /** Unmarks it; false when it was not a favorite. */
  remove(userId: string, appId: string): Promise<boolean>;
  /** A page of a user's favorites, ordered by app id (the only sort). */
  list(userId: string, page: PageRequest): Promise<Favorite[]>;
  /** Removes an app from everyone's favorites (the app is being deleted). */
  clearApp(appId: string): Promise<void>;
}
