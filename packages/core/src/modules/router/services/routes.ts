import { ConflictError, NotFoundError, ValidationError } from '../../../errors.js';
import type { Principal } from '../../../kernel/authenticator.js';
import { newId } from '../../../kernel/ids.js';
import type { StoreTx } from '../../../kernel/store.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import type { PlatformCatalog } from '../../foundation/domain/catalog.js';
import { appKey, isUuid } from '../../foundation/domain/names.js';
import type { AppView } from '../../foundation/domain/records.js';
import { appRefOf, requireApp } from '../../foundation/services/resolve.js';
import { normalizeDomain, normalizePath, type Site, type SiteRoute } from '../domain/sites.js';
import type { RouteView } from '../schemas/routes.js';
import { enqueueConverge } from './router-jobs.js';
import { requireSite } from './sites.js';

/** The `route_*` event payload of a route. */
function routeSubject(route: SiteRoute, site: Site, view: AppView) {
  return {
    app: { name: view.app.name, id: view.app.id },
    space: { name: view.space.name },
    route: { id: route.id, site: site.domain, source_path: route.source_path, target_path: route.target_path },
  };
}

/** Path routes of sites to apps; each change reconverges the site's host. */
export class RouteService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly catalog: PlatformCatalog,
  ) {}

  /** The region an app runs in (its space's stack's region). */
  private regionOf(view: AppView): string | undefined {
    return this.catalog.stacks.find((s) => s.name === view.space.stack)?.region;
  }

  /** A route with the names it is shown with (an app or site gone meanwhile shows its id). */
  private async view(tx: StoreTx, route: SiteRoute, site?: Site): Promise<RouteView> {
    const s = site ?? (await tx.sites.find(route.site_id));
    const app = await tx.apps.find({ id: route.app_id });
    return { route, domain: s?.domain ?? route.site_id, app_key: app ? appKey(app.app.name, app.space.name) : route.app_id };
  }

  /** Creates a route; 422 naming the field for an unknown site or app, an app of another region or a bad path, 409 for a taken path. */
  create(actor: Principal, input: { site: string; app?: string | undefined; source_path: string; target_path: string }): Promise<RouteView> {
    if (!input.app) throw new ValidationError('app is required', 'app');
    const app = input.app;
    const source = normalizePath(input.source_path, 'source_path');
    const target = normalizePath(input.target_path, 'target_path');
    return this.uow.run(actor, async (tx, events) => {
      const site = await tx.sites.find(normalizeDomain(input.site));
      if (!site) throw new ValidationError(`The specified site ${input.site} was not found.`, 'site');
      const view = await tx.apps.find(appRefOf(app));
      if (!view) throw new ValidationError(`The app ${app} was not found.`, 'app');
      const region = this.regionOf(view);
      if (region !== site.region) {
        throw new ValidationError(`The app ${appKey(view.app.name, view.space.name)} runs in region ${region}, the site ${site.domain} in ${site.region}.`, 'app');
      }
      const existing = await tx.siteRoutes.bySite(site.id);
      if (existing.some((r) => r.source_path === source)) throw new ConflictError(`The site ${site.domain} already routes ${source}.`, 'source_path');
      const now = new Date();
      const route: SiteRoute = { id: newId(), site_id: site.id, app_id: view.app.id, source_path: source, target_path: target, created_at: now, updated_at: now };
      await tx.siteRoutes.insert(route);
      await events.emit('route_create', routeSubject(route, site, view), view.app.id);
      await enqueueConverge(tx, site.domain);
      return { route, domain: site.domain, app_key: appKey(view.app.name, view.space.name) };
    });
  }

  /** One route by id. */
  get(id: string): Promise<RouteView> {
    return this.uow.read(async (tx) => {
      const route = isUuid(id) ? await tx.siteRoutes.get(id.toLowerCase()) : null;
      if (!route) throw new NotFoundError(`The specified route was not found. (${id})`, 'route');
      return this.view(tx, route);
    });
  }

  /** Every route of a site (by id or domain). */
  bySite(ref: string): Promise<RouteView[]> {
    return this.uow.read(async (tx) => {
      const site = await requireSite(tx, ref);
      const out: RouteView[] = [];
      for (const r of await tx.siteRoutes.bySite(site.id)) out.push(await this.view(tx, r, site));
      return out;
    });
  }

  /** Every route to an app. */
  byApp(ref: string): Promise<RouteView[]> {
    return this.uow.read(async (tx) => {
      const view = await requireApp(tx, ref);
      const out: RouteView[] = [];
      for (const r of await tx.siteRoutes.byApp(view.app.id)) out.push(await this.view(tx, r));
      return out;
    });
  }

  /** Deletes a route; the router stops sending its path to the app. */
  delete(actor: Principal, id: string): Promise<RouteView> {
    return this.uow.run(actor, async (tx, events) => {
      const route = isUuid(id) ? await tx.siteRoutes.get(id.toLowerCase()) : null;
      if (!route) throw new NotFoundError(`The specified route was not found. (${id})`, 'route');
      const shown = await this.view(tx, route);
      await tx.siteRoutes.delete(route.id);
      const site = await tx.sites.find(route.site_id);
      const app = await tx.apps.find({ id: route.app_id });
      if (site && app) await events.emit('route_delete', routeSubject(route, site, app), app.app.id);
      if (site) await enqueueConverge(tx, site.domain);
      return shown;
    });
  }
}
