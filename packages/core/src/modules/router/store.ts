import type { PageRequest } from '../../kernel/paging.js';
import type { Site, SiteRoute } from './domain/sites.js';

declare module '../../kernel/store.js' {
  /** The router module's repositories, present in every unit of work. */
  interface StoreTx {
    sites: SiteRepo;
    siteRoutes: SiteRouteRepo;
  }
}

/** Sites; their domain is unique (a second insert of a domain is a ConflictError). */
export interface SiteRepo {
  /** Inserts a site; ConflictError when its domain is taken. */
  insert(site: Site): Promise<void>;
  /** One site by id or domain; null when absent. */
  find(idOrDomain: string): Promise<Site | null>;
  /** A page of sites, ordered by `page.sort` (`id` or `domain`). */
  list(page: PageRequest): Promise<Site[]>;
  /** Removes a site (its routes are removed by the caller first). */
  delete(id: string): Promise<void>;
}

/** Path routes of sites to apps. */
export interface SiteRouteRepo {
  /** Inserts a route. */
  insert(route: SiteRoute): Promise<void>;
  /** One route by id; null when absent. */
  get(id: string): Promise<SiteRoute | null>;
  /** Every route of a site, ordered by source path then id. */
  bySite(siteId: string): Promise<SiteRoute[]>;
  /** Every route to an app, ordered by id. */
  byApp(appId: string): Promise<SiteRoute[]>;
  /** Removes a route. */
  delete(id: string): Promise<void>;
  /** Removes every route of a site. */
  deleteBySite(siteId: string): Promise<void>;
  /** Removes every route to an app. */
  deleteByApp(appId: string): Promise<void>;
}
